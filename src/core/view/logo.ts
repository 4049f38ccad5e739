/**
 * Lookover's mark, drawn from one description: an eye on a rounded square. The toolbar icon
 * (one per state, drawn in the service worker), the packaged icons and `assets/logo.svg` all come
 * from these shapes, so the popup, options and helper page show the same mark as the toolbar.
 */
export type IconState = 'idle' | 'live' | 'paused' | 'asking';

export const LOGO = {
  blue: [0x1a, 0x73, 0xe8],
  grey: [0x5f, 0x63, 0x68],
  white: [0xff, 0xff, 0xff],
  red: [0xd9, 0x30, 0x25],
  amber: [0xf2, 0x99, 0x00],
  /** In units of the icon's side. */
  corner: 0.22,
  ring: { radius: 0.3, width: 0.09 },
  pupil: 0.12,
  dot: { x: 0.76, y: 0.76, radius: 0.2, border: 0.06 },
} as const;

type Rgb = readonly [number, number, number];

/** `#rrggbb`, for CSS, SVG and the toolbar badge. */
export const hexOf = (rgb: readonly number[]) =>
  `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const DOT: Partial<Record<IconState, Rgb>> = { live: LOGO.red, asking: LOGO.amber };

/** What colour (or nothing) the mark has at a point of the unit square. */
function paint(x: number, y: number, state: IconState): Rgb | null {
  const dot = DOT[state];
  if (dot) {
    const d = Math.hypot(x - LOGO.dot.x, y - LOGO.dot.y);
    if (d <= LOGO.dot.radius - LOGO.dot.border) return dot;
    if (d <= LOGO.dot.radius) return LOGO.white;
  }
  // Rounded square: distance outside the inner rectangle, against the corner radius.
  const r = LOGO.corner;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  if (Math.hypot(qx, qy) > r) return null;
  const d = Math.hypot(x - 0.5, y - 0.5);
  const onRing = Math.abs(d - LOGO.ring.radius) <= LOGO.ring.width / 2;
  if (state === 'paused') {
    // The pupil becomes two bars: the picture is held.
    const bar = Math.abs(y - 0.5) <= 0.13 && Math.abs(Math.abs(x - 0.5) - 0.06) <= 0.035;
    return onRing || bar ? LOGO.white : LOGO.grey;
  }
  return onRing || d <= LOGO.pupil ? LOGO.white : LOGO.blue;
}

/** The mark as RGBA pixels, `size` by `size`, smoothed by sampling each pixel 4 by 4. */
export function renderLogo(size: number, state: IconState = 'idle'): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, state);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      pixels[at] = r / covered;
      pixels[at + 1] = g / covered;
      pixels[at + 2] = b / covered;
      pixels[at + 3] = (255 * covered) / (n * n);
    }
  }
  return pixels;
}

/** Which mark the toolbar shows for a share. */
export function iconStateOf(share: { phase: string; paused?: boolean; asking: number }): IconState {
  if (share.phase !== 'live' && share.phase !== 'starting') return 'idle';
  if (share.asking > 0) return 'asking';
  if (share.paused) return 'paused';
  return 'live';
}
