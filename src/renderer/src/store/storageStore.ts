// The renderer's copy of each host's storage: its pools, and the volumes of the pools someone
// looked at. Loaded when a view needs it, reloaded when main says the host's storage changed
// (storage-changed) and after every reconnect while a view of the host is shown (useStorageSync);
// a view also reloads when its host's VM disks change (creating or deleting a VM makes or removes
// volumes). Nothing here polls.
import { create } from 'zustand';
import type { Pool, Volume } from '../../../shared/model';
import { getApi } from '../api';
import { errorMessage } from '../lib/errorText';
import type { ChangedBy } from './resources';
import { useReloadOn } from './resources';

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
  selectPool(hostId: string, pool: string): void;
  setBusy(hostId: string, pool: string, action: string | null): void;
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
  selectPool: (hostId, pool) =>
    set((s) => ({ selectedPool: { ...s.selectedPool, [hostId]: pool } })),
  setBusy: (hostId, pool, action) =>
    set((s) => {
      const key = volumesKey(hostId, pool);
      return { busy: action ? { ...s.busy, [key]: action } : without(s.busy, key) };
    }),
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

const storageChanged: ChangedBy = (e, hostId) =>
  e.type === 'storage-changed' && e.hostId === hostId;

/** Keeps a host's loaded storage current while a view of it is shown (events and reconnects). */
export function useStorageSync(hostId: string): void {
  useReloadOn(hostId, storageChanged, reloadHostStorage);
}
