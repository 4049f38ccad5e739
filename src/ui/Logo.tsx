import { hexOf as hex, LOGO } from '../core/view/logo.ts';

/** The mark's shapes on a 100-unit square (core/view/logo.ts): one list for both renderings below. */
const SHAPES: [tag: 'rect' | 'circle', attributes: Record<string, string | number>][] = [
  ['rect', { width: 100, height: 100, rx: LOGO.corner * 100, fill: hex(LOGO.blue) }],
  [
    'circle',
    {
      cx: 50,
      cy: 50,
      r: LOGO.ring.radius * 100,
      fill: 'none',
      stroke: hex(LOGO.white),
      'stroke-width': LOGO.ring.width * 100,
    },
  ],
  ['circle', { cx: 50, cy: 50, r: LOGO.pupil * 100, fill: hex(LOGO.white) }],
];

/** Lookover's mark as the toolbar shows it, for the pages' headers. */
export function Logo({ size = 20 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 100 100" aria-hidden="true">
      {SHAPES.map(([Tag, attributes], i) => (
        <Tag key={i} {...attributes} />
      ))}
    </svg>
  );
}

/** The same mark as an SVG document, for the helper page's tab icon. */
export const logoSvg = () =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${SHAPES.map(
    ([tag, attributes]) =>
      `<${tag} ${Object.entries(attributes)
        .map(([name, value]) => `${name}="${value}"`)
        .join(' ')}/>`,
  ).join('')}</svg>`;
