// Per-VM and per-host data a view loads from main while it is shown (a VM's XML, its snapshots, a
// host's storage pools, a pool's volumes): loaded when the first view of it mounts, again whenever
// an api event says it changed, after every reconnect, and on retry; nothing is kept once the last
// view of it unmounts. A reload keeps the old value on screen until the new one arrives; only the
// first load (or a retry after an error) shows Loading. Values live in one store, so a dialog
// opened from the view, or a second view of the same data, reads what the view shows.
import { useCallback, useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { ApiEvent } from '../../../shared/api';
import { getApi } from '../api';
import { errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';

export type Load<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

/** Whether an api event means the data of `key` (a VM key, a host id …) changed. */
export type ChangedBy = (event: ApiEvent, key: string) => boolean;

const LOADING: Load<never> = { status: 'loading' };

/**
 * Calls reload(key) when an api event says key's data changed, and after every reconnect; stops
 * listening on unmount or when key changes. changedBy and reload must be stable (module-level).
 */
function useReloadOn(key: string | null, changedBy: ChangedBy, reload: (key: string) => unknown) {
  const linkGeneration = useAppStore((s) => s.link.generation);
  const seen = useRef(linkGeneration);
  useEffect(() => {
    if (key === null) return;
    return getApi().onEvent((e) => {
      if (changedBy(e, key)) reload(key);
    });
  }, [key, changedBy, reload]);
  useEffect(() => {
    if (seen.current === linkGeneration) return;
    seen.current = linkGeneration;
    if (key !== null) reload(key);
  }, [key, linkGeneration, reload]);
}

interface Entry {
  load: Load<unknown>;
  /** An operation that changes the data is running (the view shows itself busy). */
  busy: boolean;
}

const useEntries = create<Record<string, Entry>>()(() => ({}));

export interface Resource<T> {
  /**
   * For a view that shows the data: loads it and keeps it current while mounted. A null key loads
   * nothing (the view has nothing to show yet, e.g. an inactive pool). `version` is a value whose
   * every change also means the data changed (e.g. a signature of the host's VM disks).
   */
  use(
    key: string | null,
    version?: unknown,
  ): { load: Load<T>; value: T | undefined; reload(): void };
  /** For a dialog opened from that view: the data as the view has it. */
  useLoaded(key: string | null): T | undefined;
  /** Whether an operation on the data runs (track). */
  useBusy(key: string): boolean;
  /** Marks the views busy while an operation on their data runs. */
  track<R>(key: string, work: Promise<R>): Promise<R>;
  /** Reloads the shown keys `which` names or accepts (after an operation, not waiting for its
   * event); settles when they have. */
  reload(which: string | ((key: string) => boolean)): Promise<void>;
  /** Changes the shown value at once (an operation's result, before the reload confirms it). */
  update(key: string, change: (value: T) => T): void;
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
  // How many mounted views show each key: the entry goes when the last one unmounts.
  const views = new Map<string, number>();
  // Only the newest request for a key counts: an older one can answer last.
  const latest = new Map<string, number>();
  let sequence = 0;

  const load = (key: string): Promise<void> => {
    const ticket = ++sequence;
    latest.set(key, ticket);
    return fetch(key).then(
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

  function use(key: string | null, version?: unknown) {
    const entry = useEntries((s) => (key === null ? undefined : s[id(key)]));
    useEffect(() => {
      if (key === null) return;
      const count = views.get(key) ?? 0;
      views.set(key, count + 1);
      if (count === 0) useEntries.setState({ [id(key)]: { load: LOADING, busy: false } });
      void load(key);
      return () => {
        const left = (views.get(key) ?? 1) - 1;
        if (left > 0) {
          views.set(key, left);
          return;
        }
        views.delete(key);
        latest.delete(key);
        useEntries.setState((s) => {
          const rest = { ...s };
          delete rest[id(key)];
          return rest;
        }, true);
      };
    }, [key]);
    useReloadOn(key, changedBy, load);
    const seenVersion = useRef(version);
    useEffect(() => {
      if (Object.is(seenVersion.current, version)) return;
      seenVersion.current = version;
      if (key !== null) void load(key);
    }, [key, version]);
    const reload = useCallback(() => {
      if (key === null) return;
      patch(key, (prev) => (prev.load.status === 'error' ? { load: LOADING } : {}));
      void load(key);
    }, [key]);
    const shown = (entry?.load ?? LOADING) as Load<T>;
    return { load: shown, value: shown.status === 'ready' ? shown.value : undefined, reload };
  }

  function useLoaded(key: string | null): T | undefined {
    return useEntries((s) => {
      const l = key === null ? undefined : s[id(key)]?.load;
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

  async function reload(which: string | ((key: string) => boolean)): Promise<void> {
    const accepts = typeof which === 'string' ? (key: string) => key === which : which;
    await Promise.all([...views.keys()].filter(accepts).map(load));
  }

  function update(key: string, change: (value: T) => T): void {
    patch(key, (prev) =>
      prev.load.status === 'ready'
        ? { load: { status: 'ready', value: change(prev.load.value as T) } }
        : {},
    );
  }

  return { use, useLoaded, useBusy, track, reload, update };
}
