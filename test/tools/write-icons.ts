/**
 * Writes the packaged icons from Lookover's mark (src/core/view/logo.ts): `npm run icons`.
 * test/tools/icons.test.ts fails when the committed files and the mark part ways.
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { renderLogo } from '../../src/core/view/logo.ts';

export const ICON_SIZES = [16, 32, 48, 128] as const;
export const iconPath = (size: number) => new URL(`../../assets/public/icon-${size}.png`, import.meta.url);

export function iconPng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  png.data = Buffer.from(renderLogo(size));
  return PNG.sync.write(png);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const size of ICON_SIZES) writeFileSync(iconPath(size), iconPng(size));
}
