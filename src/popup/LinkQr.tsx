import { useMemo } from 'preact/hooks';
import { encode } from 'uqr';
import { t } from '../i18n/t.ts';

/** The quiet zone the QR specification asks for around the code, in modules. */
const QUIET = 4;

/**
 * The helper link as a QR code, for a helper on a phone. One SVG path of the dark modules, so
 * the popup draws it crisp at any zoom; the link never leaves the popup to be drawn.
 */
export function LinkQr({ link }: { link: string }) {
  const { size, path } = useMemo(() => {
    const { size, data } = encode(link, { ecc: 'M' });
    let path = '';
    data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) path += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
      }),
    );
    return { size: size + 2 * QUIET, path };
  }, [link]);
  return (
    <svg
      class="qr"
      role="img"
      aria-label={t('popup.qr')}
      viewBox={`0 0 ${size} ${size}`}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
