// A code editor for XML without a dependency: a transparent <textarea> does all the editing
// (selection, undo, IME, screen readers) over a <pre> that shows the same text highlighted, next to
// a line-number gutter. Both layers share font metrics and follow the textarea's scroll position.
// Only the visible lines are rendered, and tokens are cached per (state, line), so a keystroke in
// a 2,000-line document re-tokenizes one line and re-renders a screenful at most.
import type { CSSProperties, KeyboardEvent } from 'react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { TextEdit } from '../../../../../shared/text/indent';
import { indentEdit } from '../../../../../shared/text/indent';
import { splitLines } from '../../../../../shared/text/lineDiff';
import type { XmlToken } from '../../../../../shared/text/xmlTokens';
import { XmlTokenCache, tokenizeLines } from '../../../../../shared/text/xmlTokens';

/** Must match .xml-editor's line-height and padding in xml.css. */
const LINE_HEIGHT = 18;
const PAD_Y = 8;
const OVERSCAN = 30;

interface Props {
  /** The textarea's id. */
  id: string;
  value: string;
  onChange(value: string): void;
  /** Ctrl+S (Cmd+S). */
  onSave(): void;
  /** 1-based line to mark as the problem. */
  errorLine: number | undefined;
  invalid: boolean;
  describedBy: string;
  readOnly: boolean;
}

interface View {
  top: number;
  left: number;
  height: number;
}

export function XmlEditor(props: Props) {
  const { id, value, onChange, onSave, errorLine, invalid, describedBy, readOnly } = props;
  const ref = useRef<HTMLTextAreaElement>(null);
  const escapeArmed = useRef(false);
  const [cache] = useState(() => new XmlTokenCache());
  const [view, setView] = useState<View>({ top: 0, left: 0, height: 800 });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      setView((v) => (v.height === el.clientHeight ? v : { ...v, height: el.clientHeight })),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const lines = useMemo(() => splitLines(value), [value]);
  const first = Math.max(0, Math.floor((view.top - PAD_Y) / LINE_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((view.top + view.height) / LINE_HEIGHT) + OVERSCAN);
  const tokens = useMemo(() => tokenizeLines(lines, cache, last), [lines, cache, last]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key === 'Escape') {
      escapeArmed.current = true;
      return;
    }
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) {
      if (escapeArmed.current) {
        escapeArmed.current = false;
        return; // Escape, then Tab: let focus leave the editor.
      }
      e.preventDefault();
      const el = e.currentTarget;
      const edit = indentEdit(el.value, el.selectionStart, el.selectionEnd, e.shiftKey);
      if (edit && !readOnly) applyEdit(el, edit, onChange);
      return;
    }
    if (e.key !== 'Shift') escapeArmed.current = false;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault();
      onSave();
    }
  };

  const digits = Math.max(3, String(lines.length).length);
  const shiftY = PAD_Y + first * LINE_HEIGHT - view.top;
  const numbers: number[] = [];
  for (let n = first + 1; n <= last; n++) numbers.push(n);

  return (
    <div
      className={`xml-editor${readOnly ? ' is-readonly' : ''}`}
      style={{ '--xml-digits': digits } as CSSProperties}
    >
      <div className="xml-gutter" aria-hidden="true">
        <div style={{ transform: `translateY(${shiftY}px)` }}>
          {numbers.map((n) => (
            <div
              key={n}
              className={n === errorLine ? 'xml-gutter-line is-error' : 'xml-gutter-line'}
            >
              {n === errorLine && <span className="xml-gutter-mark">●</span>}
              {n}
            </div>
          ))}
        </div>
      </div>
      <div className="xml-code">
        {errorLine !== undefined && (
          <div
            className="xml-error-band"
            style={{ top: PAD_Y + (errorLine - 1) * LINE_HEIGHT - view.top }}
          />
        )}
        <pre
          className="xml-layer"
          aria-hidden="true"
          style={{ transform: `translate(${-view.left}px, ${shiftY - PAD_Y}px)` }}
        >
          {tokens.slice(first, last).map((t, i) => (
            <HighlightLine key={first + i} tokens={t.tokens} />
          ))}
        </pre>
        <textarea
          ref={ref}
          id={id}
          className="xml-input"
          aria-label="Domain XML"
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          wrap="off"
          readOnly={readOnly}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onScroll={(e) => {
            const { scrollTop, scrollLeft } = e.currentTarget;
            setView((v) =>
              v.top === scrollTop && v.left === scrollLeft
                ? v
                : { ...v, top: scrollTop, left: scrollLeft },
            );
          }}
        />
      </div>
    </div>
  );
}

/** One highlighted line; cached token arrays make unchanged lines skip rendering. */
const HighlightLine = memo(function HighlightLine({ tokens }: { tokens: readonly XmlToken[] }) {
  return (
    <div className="xml-line">
      {tokens.map((t, i) =>
        t.kind === 'text' ? (
          t.text
        ) : (
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ),
      )}
    </div>
  );
});

/** Applies an edit as if typed, so the textarea's own undo (Ctrl+Z) can take it back. */
function applyEdit(el: HTMLTextAreaElement, edit: TextEdit, onChange: (v: string) => void): void {
  el.setSelectionRange(edit.from, edit.to);
  const typed = edit.insert !== '' && document.execCommand('insertText', false, edit.insert);
  if (!typed) {
    el.setRangeText(edit.insert, edit.from, edit.to, 'end');
    onChange(el.value);
  }
  el.setSelectionRange(edit.selStart, edit.selEnd);
}
