import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findHardCodedStrings } from './hard-coded-strings.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
/** Where the markup is: the popup, the options page, the helper page and the UI they share. */
const MARKUP = ['popup', 'options', 'helper', 'ui'].flatMap((dir) =>
  readdirSync(join(SRC, dir))
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => `${dir}/${name}`),
);

describe('every word in the markup comes from the catalog', () => {
  it('finds the markup', () =>
    expect(MARKUP).toEqual(expect.arrayContaining(['popup/Popup.tsx', 'helper/HelperApp.tsx'])));

  it.each(MARKUP)('%s', (path) => {
    expect(findHardCodedStrings(path, readFileSync(join(SRC, path), 'utf8'))).toEqual([]);
  });
});

describe('finding hard-coded words', () => {
  it.each([
    ['JSX text', '<p>Share this tab</p>', ['Share this tab']],
    ['an aria-label', '<button aria-label="Helper link" />', ['Helper link']],
    ['a title in braces', "<span title={'How it works'} />", ['How it works']],
    ['a placeholder', '<input placeholder="Your name" />', ['Your name']],
    ['an alt', '<img alt="Logo" />', ['Logo']],
    ['a template label', '<button aria-label={`Allow ${name}`} />', ['Allow']],
    ['a fallback child', "<span>{name || 'Someone'}</span>", ['Someone']],
    ['either side of ?:', "<span>{live ? 'Live' : 'Not live'}</span>", ['Live', 'Not live']],
    ['a child after &&', "<p>{open && 'Open'}</p>", ['Open']],
    ['Chinese text too', '<p>共享</p>', ['共享']],
  ])('%s', (_name, markup, texts) => {
    expect(findHardCodedStrings('x.tsx', `const x = ${markup};`).map((f) => f.text)).toEqual(texts);
  });

  it.each([
    ['the catalog', "<p>{t('popup.shareTab')}</p>"],
    ['the product name', '<h1>Lookover</h1>'],
    ['symbols', '<button>↶</button>'],
    ['a JSON example', `<textarea placeholder='[{"urls": "stun:s.example:3478"}]' />`],
    ['a class name', '<p class="status live" />'],
    ['a label from the catalog', "<button aria-label={t('toolbar.undo')} />"],
  ])('leaves %s alone', (_name, markup) => {
    expect(findHardCodedStrings('x.tsx', `const x = ${markup};`)).toEqual([]);
  });
});
