import { describe, expect, it } from 'vitest';
import { contextOf, MAY_SEND_TO_OFFSCREEN, maySend, type Sender } from './senders.ts';

const own = {
  id: 'abcdefghijklmnopabcdefghijklmnop',
  origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
};
const page = (path: string, id = own.id) => ({ id, url: `${own.origin}${path}` });

describe('message senders', () => {
  it.each<[string, Sender, string | null]>([
    ['the popup', page('/popup.html'), 'popup'],
    ['the service worker', page('/background.js'), 'worker'],
    ['the offscreen document', page('/offscreen.html'), 'offscreen'],
    [
      'the overlay content script (its sender URL is the shared page)',
      { id: own.id, url: 'https://shared.example/' },
      null,
    ],
    ['the options page', page('/options.html'), null],
    ['another extension', page('/popup.html', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'), null],
    [
      'a page pretending with our path on another origin',
      { id: own.id, url: 'https://evil.example/popup.html' },
      null,
    ],
    ['no URL', { id: own.id }, null],
    ['a URL that does not parse', { id: own.id, url: 'not a url' }, null],
  ])('knows %s', (_, sender, context) => {
    expect(contextOf(sender, own)).toBe(context);
  });

  it.each<[keyof typeof MAY_SEND_TO_OFFSCREEN, string, boolean]>([
    ['admit', 'popup', true],
    ['admit', 'worker', true],
    ['get-state', 'popup', true],
    ['start', 'popup', false],
    ['stop', 'worker', true],
    ['pause', 'worker', false],
  ])('%s from the %s: %s', (type, from, allowed) => {
    expect(
      maySend(
        MAY_SEND_TO_OFFSCREEN[type],
        contextOf(page(from === 'popup' ? '/popup.html' : '/background.js'), own),
      ),
    ).toBe(allowed);
  });

  it('lets a content script send nothing to the offscreen document', () => {
    const script = contextOf({ id: own.id, url: 'https://shared.example/' }, own);
    for (const allowed of Object.values(MAY_SEND_TO_OFFSCREEN)) expect(maySend(allowed, script)).toBe(false);
  });
});
