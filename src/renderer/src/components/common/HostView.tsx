// The frame of a host view that loads one resource (Storage, Networks, Tuning, Devices): what it
// says while the host is not connected, its toolbar, the load's error with Retry, "Loading…", the
// empty state, then the view itself. A new host view is built on it, so they all say these things
// the same way.
import type { ReactNode } from 'react';
import type { Host } from '../../../../shared/model';
import { LoadError } from './LoadError';
import './hostView.css';

interface Props<T> {
  host: Host;
  /** The subject of "… not available while <host> is not connected": 'Networks are'. */
  unavailable: string;
  /** Extra class on the view (its own CSS). */
  className?: string;
  /** The toolbar, shown while loading and after an error too (its buttons say why they are off). */
  toolbar?: { label: string; children: ReactNode };
  /** Why the load failed: shown with Retry in place of the view. */
  error: string | undefined;
  onRetry(): void;
  /** The loaded data; undefined while it loads. */
  value: T | undefined;
  /** 'Loading networks…' */
  loading: string;
  /** Shown in place of the view when there is nothing to show ("… has no networks"), else null. */
  empty?: (value: T) => ReactNode;
  children(value: T): ReactNode;
}

export function HostView<T>(props: Props<T>) {
  const { host, toolbar, error, value } = props;
  if (host.connection !== 'connected')
    return (
      <p className="muted">
        {props.unavailable} not available while {host.name} is not connected.
      </p>
    );
  const empty = value === undefined ? null : (props.empty?.(value) ?? null);
  return (
    <div className={props.className ? `host-view ${props.className}` : 'host-view'}>
      {toolbar && (
        <div className="toolbar" role="toolbar" aria-label={toolbar.label}>
          {toolbar.children}
        </div>
      )}
      {error !== undefined ? (
        <LoadError onRetry={props.onRetry}>{error}</LoadError>
      ) : value === undefined ? (
        <p className="muted">{props.loading}</p>
      ) : empty !== null ? (
        <p className="muted">{empty}</p>
      ) : (
        props.children(value)
      )}
    </div>
  );
}
