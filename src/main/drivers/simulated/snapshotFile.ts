// A VM's snapshots in the host file: an optional field of each saved VM (files written before
// snapshots existed have none and load as before). What is present is checked as strictly as
// the rest of the file: every document a <domainsnapshot> of this VM, names unique, parents and
// the current snapshot naming snapshots that exist, no snapshot its own ancestor.
import { normalizeUuid } from '../common/domainDoc';
import type { Rec } from './fileShape';
import { ShapeError, array, record, str, strOrNull } from './fileShape';
import type { GuestConsoleState } from './guest/guestState';
import { sanitizeState } from './guest/guestState';
import type { SimSnapshot, VmSnapshots } from './snapshotRecord';
import { NO_SNAPSHOTS, parseSnapshot } from './snapshotRecord';

export interface SavedSnapshot {
  /** `virsh snapshot-dumpxml`. */
  xml: string;
  sizeBytes: number | null;
  /** The guest console when the snapshot saved memory; null otherwise. */
  console: GuestConsoleState | null;
}

export interface SavedSnapshots {
  current: string | null;
  /** Oldest first. */
  list: SavedSnapshot[];
}

/** The file form, or undefined for a VM without snapshots (its record stays as it always was). */
export function savedSnapshots(s: VmSnapshots | undefined): SavedSnapshots | undefined {
  if (s === undefined || s.list.length === 0) return undefined;
  return {
    current: s.current,
    list: s.list.map((x) => ({ xml: x.xml, sizeBytes: x.sizeBytes, console: x.console })),
  };
}

function one(v: unknown, path: string, vmId: string, vmName: string): SimSnapshot {
  const o = record(v, path);
  const xml = str(o, 'xml', path);
  const size = o.sizeBytes;
  if (size !== null && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0))
    throw new ShapeError(`${path}.sizeBytes is not null or a whole number ≥ 0`);
  if (o.console !== null) record(o.console, `${path}.console`);
  // The console state is read back field by field; anything odd in it falls back to defaults.
  const console = o.console === null ? null : sanitizeState(o.console, vmName, '/root');
  let snap: SimSnapshot;
  try {
    snap = parseSnapshot(xml, { sizeBytes: size as number | null, console });
  } catch (e) {
    throw new ShapeError(`${path}.xml: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (snap.domainUuid !== undefined && normalizeUuid(snap.domainUuid) !== normalizeUuid(vmId))
    throw new ShapeError(`${path}.xml is a snapshot of domain ${snap.domainUuid}, not ${vmId}`);
  return snap;
}

function checkTree(list: readonly SimSnapshot[], path: string): void {
  const byName = new Map<string, SimSnapshot>();
  for (const s of list) {
    if (byName.has(s.name)) throw new ShapeError(`${path}: snapshot ${s.name} appears twice`);
    byName.set(s.name, s);
  }
  for (const s of list) {
    const seen = new Set<string>([s.name]);
    for (let p = s.parent; p !== null; p = byName.get(p)?.parent ?? null) {
      if (!byName.has(p))
        throw new ShapeError(`${path}: the parent of ${s.name}, ${p}, is not a snapshot`);
      if (seen.has(p)) throw new ShapeError(`${path}: snapshot ${s.name} is its own ancestor`);
      seen.add(p);
    }
  }
}

/** The snapshots of one saved VM (`o` is its record), checked. */
export function loadSnapshots(o: Rec, path: string, vmId: string, vmName: string): VmSnapshots {
  if (o.snapshots === undefined) return NO_SNAPSHOTS;
  const p = `${path}.snapshots`;
  const s = record(o.snapshots, p);
  const list = array(s, 'list', p).map((v, i) => one(v, `${p}.list[${i}]`, vmId, vmName));
  checkTree(list, p);
  const current = strOrNull(s, 'current', p);
  if (current !== null && !list.some((x) => x.name === current))
    throw new ShapeError(`${p}.current names ${current}, which is not a snapshot`);
  return { list, current };
}
