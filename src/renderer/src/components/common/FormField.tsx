// A labelled form control with its validation message wired up for assistive technology:
// aria-invalid when the message shows, aria-describedby pointing at it (and at a hint, if any),
// after whatever the control itself is described by (a message several fields share).
import type { ReactElement } from 'react';
import { cloneElement } from 'react';

interface Props {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  /** The input or select; it receives id, aria-invalid and aria-describedby. */
  children: ReactElement<{
    id?: string;
    'aria-invalid'?: boolean;
    'aria-describedby'?: string;
  }>;
}

export function FormField({ id, label, error, hint, children }: Props) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const own = children.props['aria-describedby'];
  const describedBy = [errorId, hintId, own].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint && (
        <span className="field-hint" id={hintId ?? undefined}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={errorId ?? undefined}>
          {error}
        </span>
      )}
    </div>
  );
}
