import { frameToViewport, type Size } from '../core/geometry.ts';

/**
 * Helpers' pointers over the shared tab, and a "being shared" indicator. A closed shadow root keeps
 * the page's scripts and styles out; `pointer-events: none` keeps it from ever blocking the page.
 * Names are set as text, never as HTML.
 */
const COLORS = ['#ff2d95', '#00b3ff', '#ffb000', '#7c4dff', '#00c853'];

const STYLE = `
:host { all: initial; }
.layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483647; overflow: hidden; }
.pointer { position: absolute; left: 0; top: 0; will-change: transform; transition: opacity 150ms; }
.dot { position: absolute; left: -9px; top: -9px; width: 18px; height: 18px; border-radius: 50%;
  background: var(--color); border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.35), 0 0 12px var(--color); }
.name { position: absolute; left: 14px; top: 10px; padding: 2px 6px; border-radius: 4px; white-space: nowrap;
  font: 600 12px/1.4 system-ui, sans-serif; color: #fff; background: var(--color); }
.badge { position: absolute; top: 6px; left: 50%; transform: translateX(-50%); padding: 3px 10px;
  border-radius: 999px; font: 600 12px/1.4 system-ui, sans-serif; color: #fff; background: rgba(217,48,37,.92);
  box-shadow: 0 1px 4px rgba(0,0,0,.3); opacity: .9; }
.badge.paused { background: rgba(95,99,104,.92); }
`;

export function mountPointerOverlay(signal: AbortSignal) {
  const host = document.createElement('lookover-overlay');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const layer = document.createElement('div');
  layer.className = 'layer';
  // Issue 3: the shared tab itself says it is being shared, as long as it is.
  const badge = document.createElement('div');
  badge.className = 'badge';
  badge.textContent = '● Sharing this tab (Lookover)';
  layer.append(badge);
  root.append(style, layer);
  document.documentElement.append(host);
  signal.addEventListener('abort', () => host.remove(), { once: true });

  const pointers = new Map<string, HTMLElement>();
  let frame: Size = { width: 0, height: 0 };
  const pointerFor = (helperId: string, name: string) => {
    let element = pointers.get(helperId);
    if (!element) {
      element = document.createElement('div');
      element.className = 'pointer';
      element.style.setProperty('--color', COLORS[pointers.size % COLORS.length] ?? '#ff2d95');
      const dot = document.createElement('div');
      dot.className = 'dot';
      const label = document.createElement('div');
      label.className = 'name';
      label.textContent = name || 'Helper';
      element.append(dot, label);
      layer.append(element);
      pointers.set(helperId, element);
    }
    return element;
  };

  return {
    setFrame(size: Size) {
      frame = size;
    },
    setPaused(paused: boolean) {
      badge.classList.toggle('paused', paused);
      badge.textContent = paused ? '❚❚ Sharing paused (Lookover)' : '● Sharing this tab (Lookover)';
      if (paused) for (const element of pointers.values()) element.style.opacity = '0';
    },
    /** x, y: fractions of the captured frame. */
    move(helperId: string, name: string, x: number, y: number) {
      const element = pointerFor(helperId, name);
      const at = frameToViewport({ x, y }, frame, { width: innerWidth, height: innerHeight });
      element.style.opacity = '1';
      element.style.transform = `translate(${at.x}px, ${at.y}px)`;
    },
    hide(helperId: string) {
      const element = pointers.get(helperId);
      if (element) element.style.opacity = '0';
    },
  };
}
