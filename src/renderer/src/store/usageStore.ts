// Usage samples (CPU %, memory used) from main's `stats` ticks, kept OUTSIDE the zustand store so a
// tick never re-renders the tree: each VM has a bounded ring of the last USAGE_SAMPLES samples, and
// components subscribe to one VM's series (useVmUsage). A tick notifies only the VMs it touched,
// and a view is built lazily, once per change, only when someone reads it.
import { useCallback, useSyncExternalStore } from 'react';
import type { VmStats } from '../../../shared/model';
import { splitVmKey, vmKey } from './keys';

export const USAGE_SAMPLES = 40;

/** What a component reads: the samples oldest first, all the same length. */
export interface UsageSeries {
  at: readonly number[];
  cpuPercent: readonly number[];
  /** null where the driver could not tell. */
  memoryUsedKiB: readonly (number | null)[];
}

class Ring {
  readonly at = new Float64Array(USAGE_SAMPLES);
  readonly cpu = new Float64Array(USAGE_SAMPLES);
  /** NaN stands for null. */
  readonly mem = new Float64Array(USAGE_SAMPLES);
  head = 0;
  count = 0;
  view: UsageSeries | null = null;

  push(at: number, s: VmStats): void {
    this.at[this.head] = at;
    this.cpu[this.head] = s.cpuPercent;
    this.mem[this.head] = s.memoryUsedKiB ?? NaN;
    this.head = (this.head + 1) % USAGE_SAMPLES;
    this.count = Math.min(USAGE_SAMPLES, this.count + 1);
    this.view = null;
  }

  series(): UsageSeries {
    if (this.view) return this.view;
    const at: number[] = [];
    const cpuPercent: number[] = [];
    const memoryUsedKiB: (number | null)[] = [];
    const first = (this.head - this.count + USAGE_SAMPLES) % USAGE_SAMPLES;
    for (let i = 0; i < this.count; i++) {
      const j = (first + i) % USAGE_SAMPLES;
      at.push(this.at[j]!);
      cpuPercent.push(this.cpu[j]!);
      const m = this.mem[j]!;
      memoryUsedKiB.push(Number.isNaN(m) ? null : m);
    }
    this.view = { at, cpuPercent, memoryUsedKiB };
    return this.view;
  }
}

const rings = new Map<string, Ring>();
/** Host id → keys of its VMs that have a ring. */
const byHost = new Map<string, Set<string>>();
const listeners = new Map<string, Set<() => void>>();

function notify(key: string): void {
  const set = listeners.get(key);
  if (set) for (const l of [...set]) l();
}

function drop(key: string): void {
  if (!rings.delete(key)) return;
  byHost.get(splitVmKey(key).hostId)?.delete(key);
  notify(key);
}

/** One stats tick for a host: appends a sample per VM; VMs missing from it lose their ring. */
export function applyStatsTick(hostId: string, at: number, vms: readonly VmStats[]): void {
  let keys = byHost.get(hostId);
  if (!keys) byHost.set(hostId, (keys = new Set()));
  const seen = new Set<string>();
  for (const s of vms) {
    const key = vmKey(hostId, s.vmId);
    seen.add(key);
    let ring = rings.get(key);
    if (!ring) {
      ring = new Ring();
      rings.set(key, ring);
      keys.add(key);
    }
    ring.push(at, s);
    if (listeners.has(key)) notify(key);
  }
  for (const key of [...keys]) if (!seen.has(key)) drop(key);
}

export function dropVmUsage(key: string): void {
  drop(key);
}

export function dropHostUsage(hostId: string): void {
  for (const key of [...(byHost.get(hostId) ?? [])]) drop(key);
  byHost.delete(hostId);
}

export function getVmUsage(key: string): UsageSeries | null {
  return rings.get(key)?.series() ?? null;
}

/** How many VMs hold samples (for tests and the benchmark's sanity). */
export function usageSize(): number {
  return rings.size;
}

function subscribe(key: string, listener: () => void): () => void {
  let set = listeners.get(key);
  if (!set) listeners.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(key);
  };
}

/** The VM's samples (null before its first one); re-renders only when this VM gets a sample. */
export function useVmUsage(key: string): UsageSeries | null {
  const sub = useCallback((listener: () => void) => subscribe(key, listener), [key]);
  const get = useCallback(() => getVmUsage(key), [key]);
  return useSyncExternalStore(sub, get);
}
