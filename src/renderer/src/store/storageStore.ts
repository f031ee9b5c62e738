// What the Storage view remembers of each host besides the data itself: the pool whose volumes it
// shows, and the pool buttons' actions in flight. The pools and volumes are per-host and per-pool
// resources (hostPools, poolVolumes in storageCommands.ts).
import { create } from 'zustand';

/** A pool of a host: the key of its volumes and of its action in flight. */
export function volumesKey(hostId: string, pool: string): string {
  return `${hostId}\n${pool}`;
}

export function splitVolumesKey(key: string): { hostId: string; pool: string } {
  const at = key.indexOf('\n');
  return { hostId: key.slice(0, at), pool: key.slice(at + 1) };
}

interface StorageState {
  selectedPool: Record<string, string>;
  /** Pool actions in flight, by volumesKey. */
  busy: Record<string, string>;
  selectPool(hostId: string, pool: string): void;
  setBusy(hostId: string, pool: string, action: string | null): void;
}

export const useStorageStore = create<StorageState>()((set) => ({
  selectedPool: {},
  busy: {},
  selectPool: (hostId, pool) =>
    set((s) => ({ selectedPool: { ...s.selectedPool, [hostId]: pool } })),
  setBusy: (hostId, pool, action) =>
    set((s) => {
      const key = volumesKey(hostId, pool);
      if (action) return { busy: { ...s.busy, [key]: action } };
      const busy = { ...s.busy };
      delete busy[key];
      return { busy };
    }),
}));
