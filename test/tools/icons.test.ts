import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { renderLogo } from '../../src/core/view/logo.ts';
import { ICON_SIZES, iconPath } from './write-icons.ts';

describe('the packaged icons', () => {
  it.each(ICON_SIZES)('icon-%i.png is the mark at that size (npm run icons writes them)', (size) => {
    const png = PNG.sync.read(readFileSync(iconPath(size)));
    expect([png.width, png.height]).toEqual([size, size]);
    expect(Buffer.compare(png.data, Buffer.from(renderLogo(size)))).toBe(0);
  });
});
