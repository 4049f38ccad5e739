import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { interleave, phrase, translator } from './translate.ts';
import { zhCN } from './zh-CN.ts';

describe('saying a string in one catalog', () => {
  const english = translator(en);
  const chinese = translator(zhCN);

  it.each([
    [english.t('popup.shareTab'), 'Share this tab'],
    [chinese.t('popup.shareTab'), '共享此标签页'],
    [english.t('popup.allowNamed', { name: 'Ana' }), 'Allow Ana'],
    [chinese.t('popup.allowNamed', { name: 'Ana' }), '允许 Ana'],
    [english.t('badge.sharing', { count: 2 }), 'Lookover: sharing (2 watching)'],
    [english.t('duration.hoursMinutes', { hours: 1, minutes: 5 }), '1 h 5 min'],
    [chinese.t('duration.hoursMinutes', { hours: 1, minutes: 5 }), '1 小时 5 分钟'],
    // A phrase as a param is said in the same language.
    [english.t('popup.sharedFor', { duration: phrase('duration.minutes', { minutes: 12 }) }), '· for 12 min'],
    [
      chinese.t('popup.sharedFor', { duration: phrase('duration.minutes', { minutes: 12 }) }),
      '· 已共享 12 分钟',
    ],
    [english.say(phrase('popup.copied')), 'Copied'],
    [chinese.say(phrase('helper.waiting', { sharer: 'Sam' })), '正在等待Sam…'],
    [
      english.say(
        phrase('diagnosis.brokerTimedOut', {
          url: 'wss://b.example',
          seconds: phrase('diagnosis.seconds', { seconds: 5 }),
        }),
      ),
      'No answer from the broker at wss://b.example within 5 s.',
    ],
  ])('%s', (said, expected) => expect(said).toBe(expected));

  it('leaves a placeholder it has no value for visible, and text with braces alone', () => {
    const { t } = translator({ ...en, 'popup.allowNamed': 'Allow {name} {other}' });
    expect(t('popup.allowNamed', { name: 'Ana' })).toBe('Allow Ana {other}');
    expect(english.t('settings.iceShape', { shape: '{"urls"}' })).toBe(
      'ICE servers must be a list of {"urls"} objects (at most 8)',
    );
  });
});

describe('cutting a string at its placeholders', () => {
  it.each([
    ['{name} wants to watch.', { name: 1 }, [1, ' wants to watch.']],
    ['Code {code}: check it', { code: 2 }, ['Code ', 2, ': check it']],
    ['{a}{b}', { a: 1, b: 2 }, [1, 2]],
    ['no placeholders', {}, ['no placeholders']],
    ['{missing} stays', {}, ['{missing} stays']],
  ])('%s', (template, values, parts) => expect(interleave(template, values)).toEqual(parts));
});
