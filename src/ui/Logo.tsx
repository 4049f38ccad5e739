import { LOGO } from '../core/view/logo.ts';

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** Lookover's mark as the toolbar shows it (core/view/logo.ts), for the pages' headers. */
export function Logo({ size = 20 }: { size?: number }) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 100 100" aria-hidden="true">
      <rect width="100" height="100" rx={LOGO.corner * 100} fill={hex(LOGO.blue)} />
      <circle
        cx="50"
        cy="50"
        r={LOGO.ring.radius * 100}
        fill="none"
        stroke={hex(LOGO.white)}
        stroke-width={LOGO.ring.width * 100}
      />
      <circle cx="50" cy="50" r={LOGO.pupil * 100} fill={hex(LOGO.white)} />
    </svg>
  );
}

/** The same mark as an SVG document, for the helper page's tab icon. */
export const logoSvg = () =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="${LOGO.corner * 100}" fill="${hex(LOGO.blue)}"/><circle cx="50" cy="50" r="${LOGO.ring.radius * 100}" fill="none" stroke="${hex(LOGO.white)}" stroke-width="${LOGO.ring.width * 100}"/><circle cx="50" cy="50" r="${LOGO.pupil * 100}" fill="${hex(LOGO.white)}"/></svg>`;
