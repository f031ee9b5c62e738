// One dismissible banner: the shape of both notices from main and errors from api calls.
import type { ReactNode } from 'react';

interface Props {
  level: 'info' | 'warning' | 'error';
  role: 'alert' | 'status';
  /** The dismiss button's accessible name. */
  dismissLabel: string;
  onDismiss(): void;
  children: ReactNode;
}

export function DismissibleBanner({ level, role, dismissLabel, onDismiss, children }: Props) {
  return (
    <div className={`banner banner-${level}`} role={role}>
      <span className="banner-icon" aria-hidden="true">
        {level === 'info' ? 'ℹ' : '⚠'}
      </span>
      <span className="banner-text">{children}</span>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        aria-label={dismissLabel}
        title="Dismiss"
        onClick={onDismiss}
      >
        ✕
      </button>
    </div>
  );
}
