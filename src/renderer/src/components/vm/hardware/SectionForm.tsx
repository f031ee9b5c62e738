// What every Hardware section's form shares: its values kept while the user edits (and following
// the VM's settings when they change underneath an untouched form), the list of what differs from
// the current settings, and the buttons: "Review changes…" (unavailable, saying why, while a field
// is wrong, nothing changed, or main is out of reach) and Reset.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { LINK_LOST } from '../../../api/consoleConnection';
import { useAppStore } from '../../../store/appStore';
import { ReasonButton } from '../../common/ReasonButton';
import '../../common/modal.css';
import './hardware.css';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A section's form values, started from `current`. When `current` changes (applied, or changed
 * elsewhere) an untouched form, or one that now says the same as the new settings, starts again
 * from it; edits in progress are kept.
 */
export function useSectionDraft<S, F>(
  current: S,
  toForm: (s: S) => F,
  read: (f: F) => S | null,
): { form: F; setForm: (change: (f: F) => F) => void; reset: () => void } {
  const [state, setState] = useState(() => ({
    current,
    base: toForm(current),
    form: toForm(current),
  }));
  let shown = state;
  if (!same(state.current, current)) {
    const untouched = same(state.form, state.base) || same(read(state.form), current);
    const base = toForm(current);
    shown = { current, base, form: untouched ? base : state.form };
    setState(shown);
  }
  return {
    form: shown.form,
    setForm: (change) => setState((s) => ({ ...s, form: change(s.form) })),
    reset: () => setState((s) => ({ ...s, form: s.base })),
  };
}

interface FooterProps {
  idBase: string;
  /** What the form changes, one line each. */
  changes: string[];
  /** The first wrong field's message, or null. */
  error: string | null;
  /** The form differs from the current settings as typed (Reset is offered). */
  edited: boolean;
  onReview(): void;
  onReset(): void;
}

export function SectionFooter({ idBase, changes, error, edited, onReview, onReset }: FooterProps) {
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const why = !linkOpen
    ? LINK_LOST
    : error !== null
      ? error
      : changes.length === 0
        ? 'Nothing changed yet.'
        : null;
  return (
    <div className="hw-footer">
      {changes.length > 0 && (
        <ul className="hw-changes" aria-label="Changed" id={`${idBase}-changes`}>
          {changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      <div className="hw-buttons">
        <ReasonButton className="btn btn-primary" why={why} onClick={onReview}>
          Review changes…
        </ReasonButton>
        <ReasonButton className="btn" why={edited ? null : 'Nothing to reset.'} onClick={onReset}>
          Reset
        </ReasonButton>
      </div>
    </div>
  );
}

/** A row of fields in a section. */
export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="hw-row">{children}</div>;
}
