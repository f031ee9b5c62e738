// A button that may be unavailable, and then says why: the reason is its tooltip (title) and, for
// screen readers, a visually hidden description (aria-describedby), while its accessible name
// stays the bare action ("Start", "New VM").
import type { ButtonHTMLAttributes } from 'react';
import { useId } from 'react';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  /** Why the action is unavailable; null when it is available. */
  why: string | null;
}

export function ReasonButton({ why, title, children, type = 'button', ...rest }: Props) {
  const reasonId = useId();
  return (
    <>
      <button
        type={type}
        {...rest}
        disabled={why !== null}
        title={why ?? title}
        aria-describedby={why !== null ? reasonId : rest['aria-describedby']}
      >
        {children}
      </button>
      {why !== null && (
        <span id={reasonId} className="visually-hidden">
          {why}
        </span>
      )}
    </>
  );
}
