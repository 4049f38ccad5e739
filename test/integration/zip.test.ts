import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };

describe('npm run zip', () => {
  it('makes a store-ready zip named for the version, with the manifest, the icons and nothing of the source', () => {
    execFileSync('npm', ['run', '--silent', 'zip'], { cwd: root, stdio: 'pipe' });
    const zip = unzipSync(readFileSync(new URL(`.output/lookover-${version}-chrome.zip`, root)));
    const files = Object.keys(zip);
    const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { version: string; icons: object };
    expect(manifest.version).toBe(version);
    expect(Object.values(manifest.icons).every((icon) => files.includes(icon))).toBe(true);
    expect(files).toEqual(
      expect.arrayContaining(['popup.html', 'options.html', 'offscreen.html', 'background.js']),
    );
    expect(files.filter((file) => /\.(ts|tsx|map)$|node_modules|^src\//.test(file))).toEqual([]);
  }, 120_000);
});
