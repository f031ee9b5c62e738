// The renderer's copy of each host's storage: its pools, and the volumes of the pools someone
// looked at. Loaded when a view needs it, reloaded when main says the host's storage changed
// (storage-changed) and after every reconnect; a view also reloads when its host's VM disks change
// (creating or deleting a VM makes or removes volumes). Nothing here polls.
import { create } from 'zustand';
import type { Pool, Volume } from '../../../shared/model';
import { getApi, getConnection } from '../api';
import { errorMessage } from '../lib/errorText';

/** The storage dialog that is open, if any (one at a time, like the app's own). */
export type StorageDialog =
  | { kind: 'define-pool'; hostId: string }
  | { kind: 'create-volume'; hostId: string; pool: string }
  | { kind: 'resize' | 'clone' | 'delete' | 'attach'; hostId: string; pool: string; volume: string }
  | null;

export function volumesKey(hostId: string, pool: string): string {
  return `${hostId}\n${pool}`;
}

interface StorageState {
  pools: Record<string, Pool[]>;
  poolErrors: Record<string, string>;
  volumes: Record<string, Volume[]>;
  volumeErrors: Record<string, string>;
  selectedPool: Record<string, string>;
  /** Pool actions in flight, by volumesKey. */
  busy: Record<string, string>;
  dialog: StorageDialog;
  selectPool(hostId: string, pool: string): void;
  setBusy(hostId: string, pool: string, action: string | null): void;
  openDialog(dialog: StorageDialog): void;
  closeDialog(): void;
}

function without<T>(r: Record<string, T>, key: string): Record<string, T> {
  if (!(key in r)) return r;
  const copy = { ...r };
  delete copy[key];
  return copy;
}

export const useStorageStore = create<StorageState>()((set) => ({
  pools: {},
  poolErrors: {},
  volumes: {},
  volumeErrors: {},
  selectedPool: {},
  busy: {},
  dialog: null,
  selectPool: (hostId, pool) =>
    set((s) => ({ selectedPool: { ...s.selectedPool, [hostId]: pool } })),
  setBusy: (hostId, pool, action) =>
    set((s) => {
      const key = volumesKey(hostId, pool);
      return { busy: action ? { ...s.busy, [key]: action } : without(s.busy, key) };
    }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
}));

// Only the newest answer for a list counts: an older request can finish last.
const latest = new Map<string, number>();
let sequence = 0;

export async function loadPools(hostId: string): Promise<void> {
  const ticket = ++sequence;
  latest.set(hostId, ticket);
  try {
    const pools = await getApi().poolList({ hostId });
    if (latest.get(hostId) !== ticket) return;
    useStorageStore.setState((s) => ({
      pools: { ...s.pools, [hostId]: pools },
      poolErrors: without(s.poolErrors, hostId),
    }));
  } catch (e) {
    if (latest.get(hostId) !== ticket) return;
    useStorageStore.setState((s) => ({
      poolErrors: { ...s.poolErrors, [hostId]: errorMessage(e) },
    }));
  }
}

export async function loadVolumes(hostId: string, pool: string): Promise<void> {
  const key = volumesKey(hostId, pool);
  const ticket = ++sequence;
  latest.set(key, ticket);
  try {
    const volumes = await getApi().volumeList({ hostId, pool });
    if (latest.get(key) !== ticket) return;
    useStorageStore.setState((s) => ({
      volumes: { ...s.volumes, [key]: volumes },
      volumeErrors: without(s.volumeErrors, key),
    }));
  } catch (e) {
    if (latest.get(key) !== ticket) return;
    useStorageStore.setState((s) => ({
      volumes: without(s.volumes, key),
      volumeErrors: { ...s.volumeErrors, [key]: errorMessage(e) },
    }));
  }
}

/** Reloads what is loaded of a host: its pools and every volume list shown so far. */
export function reloadHostStorage(hostId: string): void {
  const s = useStorageStore.getState();
  if (s.pools[hostId] !== undefined || s.poolErrors[hostId] !== undefined) void loadPools(hostId);
  const prefix = volumesKey(hostId, '');
  for (const key of new Set([...Object.keys(s.volumes), ...Object.keys(s.volumeErrors)])) {
    if (key.startsWith(prefix)) void loadVolumes(hostId, key.slice(prefix.length));
  }
}

let started = false;

/** Subscribes once to storage-changed events and reconnects. */
export function ensureStorageSync(): void {
  if (started) return;
  started = true;
  const conn = getConnection();
  conn.api.onEvent((event) => {
    if (event.type === 'storage-changed') reloadHostStorage(event.hostId);
  });
  let generation = conn.status().generation;
  conn.onStatus((status) => {
    if (status.state !== 'open' || status.generation === generation) return;
    generation = status.generation;
    const s = useStorageStore.getState();
    for (const hostId of new Set([...Object.keys(s.pools), ...Object.keys(s.poolErrors)]))
      reloadHostStorage(hostId);
  });
}
