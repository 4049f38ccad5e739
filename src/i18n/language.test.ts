import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language.ts';

describe('picking the language from the browser', () => {
  it.each([
    [['zh'], 'zh-CN'],
    [['zh-CN'], 'zh-CN'],
    [['zh_CN'], 'zh-CN'],
    [['zh-cn'], 'zh-CN'],
    [['zh-SG'], 'zh-CN'],
    [['zh-Hans'], 'zh-CN'],
    [['zh-Hans-CN'], 'zh-CN'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['zh-TW'], 'en'],
    [['zh-HK'], 'en'],
    [['zh-Hant'], 'en'],
    [['zh-Hant-TW'], 'en'],
    [['zhx'], 'en'],
    [['en-US'], 'en'],
    [['en'], 'en'],
    [['fr-FR'], 'en'],
    [[], 'en'],
    [[''], 'en'],
    [[undefined], 'en'],
    // The first language Lookover has wins, as navigator.languages orders them.
    [['fr', 'zh-CN', 'en'], 'zh-CN'],
    [['en-GB', 'zh-CN'], 'en'],
    [['zh-TW', 'zh-CN'], 'zh-CN'],
    [['de', 'ja'], 'en'],
  ])('%j → %s', (tags, language) => expect(pickLanguage(tags)).toBe(language));
});
