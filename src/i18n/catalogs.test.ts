import { describe, expect, it } from 'vitest';
import { CATALOGS } from './catalogs.ts';
import { en } from './en.ts';
import { LANGUAGES } from './language.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(LANGUAGES.filter((language) => language !== 'en'))('the %s catalog', (language) => {
  const catalog = CATALOGS[language];

  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.entries(en))('%s has the same placeholders', (key, english) => {
    expect(placeholders(catalog[key as keyof typeof en])).toEqual(placeholders(english));
  });

  it.each(Object.entries(en))('%s is translated, not left empty', (key) => {
    expect(catalog[key as keyof typeof en].trim()).not.toBe('');
  });

  it('keeps the product name untranslated', () => {
    expect(catalog['manifest.name']).toContain('Lookover');
    expect(catalog['helper.title']).toContain('Lookover');
  });
});
