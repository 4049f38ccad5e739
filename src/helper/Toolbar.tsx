import { useEffect } from 'preact/hooks';
import { PALETTE, WIDTHS, type Color, type Width } from '../core/protocol/ink.ts';
import { IDENTITY_VIEW, type View } from '../core/view/geometry.ts';
import { HELPER_TOOLS, type InkController, type InkSettings, type Tool } from './ink-controller.ts';
import { isTyping } from './is-typing.ts';
import { useSnapshot } from './use-snapshot.ts';

/** Every tool has a button: a tool added to the ink schema does not compile until it has one. */
const TOOL_BUTTONS: Record<Tool, { label: string; key: string; icon: string }> = {
  laser: { label: 'Laser pointer', key: 'L', icon: '✦' },
  pen: { label: 'Pen', key: 'P', icon: '✎' },
  highlighter: { label: 'Highlighter', key: 'H', icon: '▍' },
  arrow: { label: 'Arrow', key: 'A', icon: '➜' },
  rect: { label: 'Rectangle', key: 'R', icon: '▭' },
  ellipse: { label: 'Ellipse', key: 'E', icon: '◯' },
  text: { label: 'Text', key: 'T', icon: 'T' },
  eraser: { label: 'Eraser', key: 'X', icon: '⌫' },
};
const COLOR_NAMES: Record<Color, string> = {
  '#ff3b30': 'Red',
  '#ffcc00': 'Yellow',
  '#34c759': 'Green',
  '#0a84ff': 'Blue',
  '#ffffff': 'White',
};
const WIDTH_NAMES: Record<Width, string> = { 1: 'Thin', 2: 'Medium', 3: 'Thick' };
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
    <div class="toolbar" role="toolbar" aria-label="Annotation tools">
      {HELPER_TOOLS.map((tool) => {
        const { label, key, icon } = TOOL_BUTTONS[tool];
        return (
          <button
            key={tool}
            aria-label={label}
            title={`${label} (${key})`}
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
          aria-label={COLOR_NAMES[color]}
          title={`${COLOR_NAMES[color]} (${i + 1})`}
          aria-pressed={ink.color === color}
          style={{ '--swatch': color }}
          onClick={() => setInk({ ...ink, color })}
        />
      ))}
      <span class="sep" />
      {WIDTHS.map((width) => (
        <button
          key={width}
          aria-label={WIDTH_NAMES[width]}
          title={`${WIDTH_NAMES[width]} (${WIDTH_KEYS[width]})`}
          aria-pressed={ink.width === width}
          onClick={() => setInk({ ...ink, width })}
        >
          <span class="width" style={{ height: `${width * 2 + 1}px` }} />
        </button>
      ))}
      <span class="sep" />
      <button
        aria-label="Keep strokes"
        title="Keep strokes instead of letting them vanish (K)"
        aria-pressed={ink.keep}
        onClick={() => setInk({ ...ink, keep: !ink.keep })}
      >
        Keep
      </button>
      <button aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={undo}>
        ↶
      </button>
      <button aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={redo}>
        ↷
      </button>
      <button aria-label="Clear all" title="Clear all my strokes (Delete)" onClick={clear}>
        Clear
      </button>
      <span class="sep" />
      <button
        aria-label="Save snapshot"
        title="Save the picture with your annotations as a PNG"
        onClick={onSnapshot}
      >
        Snapshot
      </button>
      {view.scale > 1 && (
        <button aria-label="Reset zoom" title="Reset zoom (0)" onClick={() => setView(IDENTITY_VIEW)}>
          {Math.round(view.scale * 100)}% ⟲
        </button>
      )}
    </div>
  );
}
