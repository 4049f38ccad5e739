import { useEffect } from 'preact/hooks';
import { PALETTE, WIDTHS, type Color, type Width } from '../core/protocol/ink.ts';
import { IDENTITY_VIEW, type View } from '../core/view/geometry.ts';
import { HELPER_TOOLS, type InkController, type InkSettings, type Tool } from './ink-controller.ts';
import { t } from '../i18n/t.ts';
import type { PlainKey } from '../i18n/translate.ts';
import { isTyping } from './is-typing.ts';
import { useSnapshot } from './use-snapshot.ts';

/** Every tool has a button: a tool added to the ink schema does not compile until it has one. */
const TOOL_BUTTONS: Record<Tool, { label: PlainKey; key: string; icon: string }> = {
  laser: { label: 'toolbar.laser', key: 'L', icon: '✦' },
  pen: { label: 'toolbar.pen', key: 'P', icon: '✎' },
  highlighter: { label: 'toolbar.highlighter', key: 'H', icon: '▍' },
  arrow: { label: 'toolbar.arrow', key: 'A', icon: '➜' },
  rect: { label: 'toolbar.rect', key: 'R', icon: '▭' },
  ellipse: { label: 'toolbar.ellipse', key: 'E', icon: '◯' },
  text: { label: 'toolbar.text', key: 'T', icon: 'T' },
  eraser: { label: 'toolbar.eraser', key: 'X', icon: '⌫' },
};
const COLOR_NAMES: Record<Color, PlainKey> = {
  '#ff3b30': 'toolbar.red',
  '#ffcc00': 'toolbar.yellow',
  '#34c759': 'toolbar.green',
  '#0a84ff': 'toolbar.blue',
  '#ffffff': 'toolbar.white',
};
const WIDTH_NAMES: Record<Width, PlainKey> = { 1: 'toolbar.thin', 2: 'toolbar.medium', 3: 'toolbar.thick' };
/** A control's name with its keyboard shortcut, for its tooltip. */
const withKey = (name: string, key: string) => t('toolbar.shortcut', { name, key });
const WIDTH_KEYS: Record<Width, string> = { 1: '7', 2: '8', 3: '9' };

/** The annotation tools. Every control has a label; tooltips give the keyboard shortcut. */
export function Toolbar(props: {
  ink: InkSettings;
  setInk: (ink: InkSettings) => void;
  controller: InkController;
  view: View;
  setView: (view: View) => void;
  /** Saves the picture with the annotations on it (see save-snapshot). */
  onSnapshot: () => void;
}) {
  const { ink, setInk, controller, view, setView, onSnapshot } = props;
  const { canUndo, canRedo } = useSnapshot(controller);
  const undo = () => controller.undo();
  const redo = () => controller.redo();
  const clear = () => controller.clear();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.altKey) return;
      const key = event.key.toUpperCase();
      if ((event.ctrlKey || event.metaKey) && key === 'Z')
        return (event.preventDefault(), event.shiftKey ? redo() : undo());
      if ((event.ctrlKey || event.metaKey) && key === 'Y') return (event.preventDefault(), redo());
      if (event.ctrlKey || event.metaKey) return;
      const tool = HELPER_TOOLS.find((t) => TOOL_BUTTONS[t].key === key);
      if (tool) return setInk({ ...ink, tool });
      const color = PALETTE[Number(event.key) - 1];
      if (color && /^[1-5]$/.test(event.key)) return setInk({ ...ink, color });
      const width = WIDTHS.find((w) => WIDTH_KEYS[w] === event.key);
      if (width) return setInk({ ...ink, width });
      if (key === 'K') return setInk({ ...ink, keep: !ink.keep });
      if (event.key === '0') return setView(IDENTITY_VIEW);
      if (event.key === 'Delete') return clear();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  return (
    <div class="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      {HELPER_TOOLS.map((tool) => {
        const { key, icon } = TOOL_BUTTONS[tool];
        const label = t(TOOL_BUTTONS[tool].label);
        return (
          <button
            key={tool}
            aria-label={label}
            title={withKey(label, key)}
            aria-pressed={ink.tool === tool}
            onClick={() => setInk({ ...ink, tool })}
          >
            {icon}
          </button>
        );
      })}
      <span class="sep" />
      {PALETTE.map((color, i) => (
        <button
          key={color}
          class="swatch"
          aria-label={t(COLOR_NAMES[color])}
          title={withKey(t(COLOR_NAMES[color]), String(i + 1))}
          aria-pressed={ink.color === color}
          style={{ '--swatch': color }}
          onClick={() => setInk({ ...ink, color })}
        />
      ))}
      <span class="sep" />
      {WIDTHS.map((width) => (
        <button
          key={width}
          aria-label={t(WIDTH_NAMES[width])}
          title={withKey(t(WIDTH_NAMES[width]), WIDTH_KEYS[width])}
          aria-pressed={ink.width === width}
          onClick={() => setInk({ ...ink, width })}
        >
          <span class="width" style={{ height: `${width * 2 + 1}px` }} />
        </button>
      ))}
      <span class="sep" />
      <button
        aria-label={t('toolbar.keepLabel')}
        title={t('toolbar.keepTitle')}
        aria-pressed={ink.keep}
        onClick={() => setInk({ ...ink, keep: !ink.keep })}
      >
        {t('toolbar.keep')}
      </button>
      <button
        aria-label={t('toolbar.undo')}
        title={t('toolbar.undoTitle')}
        disabled={!canUndo}
        onClick={undo}
      >
        ↶
      </button>
      <button
        aria-label={t('toolbar.redo')}
        title={t('toolbar.redoTitle')}
        disabled={!canRedo}
        onClick={redo}
      >
        ↷
      </button>
      <button aria-label={t('toolbar.clearLabel')} title={t('toolbar.clearTitle')} onClick={clear}>
        {t('toolbar.clear')}
      </button>
      <span class="sep" />
      <button aria-label={t('toolbar.snapshotLabel')} title={t('toolbar.snapshotTitle')} onClick={onSnapshot}>
        {t('toolbar.snapshot')}
      </button>
      {view.scale > 1 && (
        <button
          aria-label={t('toolbar.resetZoom')}
          title={t('toolbar.resetZoomTitle')}
          onClick={() => setView(IDENTITY_VIEW)}
        >
          {Math.round(view.scale * 100)}% ⟲
        </button>
      )}
    </div>
  );
}
