import browser from 'webextension-polyfill';
import { waiting, watching, type SharerState } from '../core/session/sharer-state.ts';
import { hexOf, iconStateOf, LOGO, renderLogo, type IconState } from '../core/view/logo.ts';
import { t } from '../i18n/t.ts';

const ICON_SIZES = [16, 32] as const;
const drawn = new Map<IconState, Record<number, ImageData>>();
/** The mark for a state, drawn once per state and size (the toolbar asks for 16 and 32 px). */
function iconOf(state: IconState): Record<number, ImageData> {
  let icon = drawn.get(state);
  if (!icon) {
    icon = Object.fromEntries(ICON_SIZES.map((size) => [size, new ImageData(renderLogo(size, state), size)]));
    drawn.set(state, icon);
  }
  return icon;
}

/**
 * The toolbar: its mark says idle, live, paused or someone asking (core/view/logo.ts); its badge
 * how many watch, or "!" in amber while someone asks to watch.
 */
export async function showBadge(state: SharerState): Promise<void> {
  const asking = waiting(state).length;
  const count = watching(state).length;
  const text =
    state.phase === 'starting'
      ? '…'
      : asking > 0
        ? '!'
        : state.phase === 'live'
          ? count > 0
            ? String(count)
            : 'LIVE'
          : '';
  // The same amber and red as the mark's dot.
  await browser.action.setBadgeBackgroundColor({ color: hexOf(asking > 0 ? LOGO.amber : LOGO.red) });
  await browser.action.setBadgeText({ text });
  const paused = state.phase === 'live' && state.paused;
  await chrome.action.setIcon({ imageData: iconOf(iconStateOf({ phase: state.phase, paused, asking })) });
  await browser.action.setTitle({
    title:
      asking > 0
        ? t('badge.asking')
        : state.phase === 'live'
          ? t('badge.sharing', { count })
          : t('badge.idle'),
  });
}
