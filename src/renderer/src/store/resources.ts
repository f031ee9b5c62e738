// Per-VM and per-host data a view loads from main while it is shown (a VM's XML, its snapshots):
// loaded when the view mounts, again whenever an api event says it changed and after every
// reconnect, and on retry; nothing is kept once the view unmounts. A reload keeps the old value on
// screen until the new one arrives; only the first load (or a retry after an error) shows Loading.
// Values live in one store, so a dialog opened from the view reads what the view shows.
import { useCallback, useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { ApiEvent } from '../../../shared/api';
import { getApi } from '../api';
import { errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';

export type Load<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

/** Whether an api event means the data of `key` (a VM key or host id) changed. */
export type ChangedBy = (event: ApiEvent, key: string) => boolean;

const LOADING: Load<never> = { status: 'loading' };

/**
 * Calls reload(key) when an api event says key's data changed, and after every reconnect; stops
 * listening on unmount or when key changes. changedBy and reload must be stable (module-level).
 */
export function useReloadOn(key: string, changedBy: ChangedBy, reload: (key: string) => void) {
  const linkGeneration = useAppStore((s) => s.link.generation);
  const seen = useRef(linkGeneration);
  useEffect(
    () =>
      getApi().onEvent((e) => {
        if (changedBy(e, key)) reload(key);
      }),
    [key, changedBy, reload],
  );
  useEffect(() => {
    if (seen.current === linkGeneration) return;
    seen.current = linkGeneration;
    reload(key);
  }, [key, linkGeneration, reload]);
}

interface Entry {
  load: Load<unknown>;
  /** An operation that changes the data is running (the view shows itself busy). */
  busy: boolean;
}

const useEntries = create<Record<string, Entry>>()(() => ({}));

export interface Resource<T> {
  /** For the view that shows the data: loads and keeps it current while mounted. */
  use(key: string): { load: Load<T>; reload(): void; replace(value: T): void };
  /** For a dialog opened from that view: the data as the view has it. */
  useLoaded(key: string): T | undefined;
  /** Whether an operation on the data runs (track). */
  useBusy(key: string): boolean;
  /** Marks the view busy while an operation on its data runs. */
  track<R>(key: string, work: Promise<R>): Promise<R>;
}

export function defineResource<T>(
  name: string,
  fetch: (key: string) => Promise<T>,
  changedBy: ChangedBy = () => false,
): Resource<T> {
  const id = (key: string): string => `${name}\n${key}`;
  const patch = (key: string, update: (prev: Entry) => Partial<Entry>): void =>
    useEntries.setState((s) => {
      const prev = s[id(key)];
      return prev ? { [id(key)]: { ...prev, ...update(prev) } } : {};
    });
  // Only the newest request for a key counts: an older one can answer last.
  const latest = new Map<string, number>();
  let sequence = 0;

  const load = (key: string): void => {
    const ticket = ++sequence;
    latest.set(key, ticket);
    fetch(key).then(
      (value) => {
        if (latest.get(key) === ticket) patch(key, () => ({ load: { status: 'ready', value } }));
      },
      (e: unknown) => {
        if (latest.get(key) !== ticket) return;
        // A failed refresh keeps the data on screen; only a failed first load says so instead.
        patch(key, (prev) =>
          prev.load.status === 'ready'
            ? {}
            : { load: { status: 'error', message: errorMessage(e) } },
        );
      },
    );
  };

  function use(key: string) {
    const entry = useEntries((s) => s[id(key)]);
    useEffect(() => {
      useEntries.setState({ [id(key)]: { load: LOADING, busy: false } });
      load(key);
      return () => {
        latest.delete(key);
        useEntries.setState((s) => {
          const rest = { ...s };
          delete rest[id(key)];
          return rest;
        }, true);
      };
    }, [key]);
    useReloadOn(key, changedBy, load);
    const reload = useCallback(() => {
      patch(key, (prev) => (prev.load.status === 'error' ? { load: LOADING } : {}));
      load(key);
    }, [key]);
    const replace = useCallback(
      (value: T) => patch(key, () => ({ load: { status: 'ready', value } })),
      [key],
    );
    return { load: (entry?.load ?? LOADING) as Load<T>, reload, replace };
  }

  function useLoaded(key: string): T | undefined {
    return useEntries((s) => {
      const l = s[id(key)]?.load;
      return l?.status === 'ready' ? (l.value as T) : undefined;
    });
  }

  function useBusy(key: string): boolean {
    return useEntries((s) => s[id(key)]?.busy ?? false);
  }

  async function track<R>(key: string, work: Promise<R>): Promise<R> {
    patch(key, () => ({ busy: true }));
    try {
      return await work;
    } finally {
      patch(key, () => ({ busy: false }));
    }
  }

  return { use, useLoaded, useBusy, track };
}
