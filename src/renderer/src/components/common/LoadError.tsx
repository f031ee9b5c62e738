// A load that failed, said where its data would show, with Retry: the one way every view that
// loads a resource reports it (a host view, the Snapshots and XML tabs).
import type { ReactNode } from 'react';

export function LoadError({
  children,
  onRetry,
  className,
}: {
  /** What failed and why. */
  children: ReactNode;
  onRetry(): void;
  /** Extra class beside `inline-error`. */
  className?: string;
}) {
  return (
    <div className={className ? `inline-error ${className}` : 'inline-error'} role="alert">
      {children}{' '}
      <button type="button" className="btn btn-small" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
