import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** What one HTML entry loads: itself plus every script, preload and stylesheet it references. */
function htmlEntry(root: string, html: string) {
  const text = readFileSync(join(root, html), 'utf8');
  const refs = [...text.matchAll(/(?:src|href)="\.?\/?([^"#?]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [html, ...new Set(refs)];
  return { files, gzipBytes: files.reduce((sum, file) => sum + gz(join(root, file)), 0) };
}

/** Gzip size of each extension entrypoint and of the helper page, as a browser would fetch them. */
export function footprint(outDir: string) {
  const ext = join(outDir, 'chrome-mv3');
  const helper = join(outDir, 'helper');
  const rows: Record<string, number> = {
    'background (service worker)': gz(join(ext, 'background.js')),
    'overlay content script': gz(join(ext, 'content-scripts/overlay.js')),
  };
  for (const html of readdirSync(ext).filter((f) => f.endsWith('.html'))) {
    rows[`${html.replace('.html', '')} page`] = htmlEntry(ext, html).gzipBytes;
  }
  rows['helper page'] = htmlEntry(helper, 'index.html').gzipBytes;
  const total = (dir: string): number =>
    readdirSync(dir).reduce((sum, f) => {
      const p = join(dir, f);
      return sum + (statSync(p).isDirectory() ? total(p) : statSync(p).size);
    }, 0);
  return { gzipBytes: rows, extensionBytesOnDisk: total(ext) };
}
