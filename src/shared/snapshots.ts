// The snapshot tree as libvirt keeps it: each snapshot names its parent, one may be current. Pure
// operations over that list, shared by the drivers (what a delete removes, who moves up, which
// snapshot becomes current) and the renderer (the order and depth rows are shown in). Siblings
// keep the order of the list, which drivers hold oldest first.
import type { ApiMethod } from './api';
import { checkName } from './names';
import type { SnapshotDeleteMode, VmState } from './model';
import { VM_STATES } from './model';
import { hasControlCharsBesideLines } from './text/chars';

/** The api methods a driver serves through its optional `snapshots` capability. */
export type SnapshotMethod = Extract<ApiMethod, `snapshot${string}`>;

export interface SnapshotLink {
  name: string;
  parent: string | null;
}

/** A snapshot's parent when that parent is in the list; a missing one makes it a root. */
function parentIn<T extends SnapshotLink>(byName: Map<string, T>, s: T): string | null {
  return s.parent !== null && s.parent !== s.name && byName.has(s.parent) ? s.parent : null;
}

function childMap<T extends SnapshotLink>(list: readonly T[]): Map<string | null, T[]> {
  const byName = new Map(list.map((s) => [s.name, s]));
  const children = new Map<string | null, T[]>();
  for (const s of list) {
    const p = parentIn(byName, s);
    const kids = children.get(p);
    if (kids) kids.push(s);
    else children.set(p, [s]);
  }
  return children;
}

export interface TreeRow<T> {
  snapshot: T;
  /** 1 for a root. */
  level: number;
  /** Names of its ancestors, nearest first. */
  ancestors: string[];
  childCount: number;
}

/**
 * Depth-first order with each snapshot's level: roots first, every child right under its parent.
 * A cycle (a corrupt list) cannot loop: each snapshot is visited once, and one caught in a cycle
 * is shown as a root.
 */
export function treeRows<T extends SnapshotLink>(list: readonly T[]): TreeRow<T>[] {
  const children = childMap(list);
  const rows: TreeRow<T>[] = [];
  const seen = new Set<string>();
  const visit = (s: T, level: number, ancestors: string[]): void => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    const kids = children.get(s.name) ?? [];
    rows.push({ snapshot: s, level, ancestors, childCount: kids.length });
    for (const k of kids) visit(k, level + 1, [s.name, ...ancestors]);
  };
  for (const root of children.get(null) ?? []) visit(root, 1, []);
  for (const s of list) visit(s, 1, []);
  return rows;
}

/** Every snapshot below `name`, depth first (children before their own children's siblings). */
export function descendantsOf<T extends SnapshotLink>(list: readonly T[], name: string): string[] {
  const children = childMap(list);
  const out: string[] = [];
  const seen = new Set<string>([name]);
  const walk = (n: string): void => {
    for (const k of children.get(n) ?? []) {
      if (seen.has(k.name)) continue;
      seen.add(k.name);
      out.push(k.name);
      walk(k.name);
    }
  };
  walk(name);
  return out;
}

export interface DeletePlan {
  /** Names removed, the named snapshot (unless children-only) first, then its subtree. */
  deleted: string[];
  /** Snapshots that stay but get a new parent: the children of a snapshot deleted alone. */
  reparented: SnapshotLink[];
  /** The current snapshot afterwards. */
  current: string | null;
}

/**
 * What libvirt's snapshot-delete does to the tree: `one` moves the children up to the deleted
 * snapshot's parent, `subtree` (--children) removes the snapshot and everything below it,
 * `children-only` removes only what is below. A current snapshot that goes hands "current" to
 * the nearest snapshot that stays above it.
 */
export function planDelete<T extends SnapshotLink>(
  list: readonly T[],
  name: string,
  mode: SnapshotDeleteMode,
  current: string | null,
): DeletePlan {
  const byName = new Map(list.map((s) => [s.name, s]));
  const target = byName.get(name);
  if (!target) return { deleted: [], reparented: [], current };
  const below = mode === 'one' ? [] : descendantsOf(list, name);
  const deleted = mode === 'children-only' ? below : [name, ...below];
  const gone = new Set(deleted);
  const parent = parentIn(byName, target);
  const reparented =
    mode === 'one'
      ? list
          .filter((s) => s.name !== name && parentIn(byName, s) === name)
          .map((s) => ({ name: s.name, parent }))
      : [];
  let next = current;
  if (current !== null && gone.has(current)) {
    // The deleted snapshot's place in the tree is taken by the nearest survivor above it.
    next = mode === 'children-only' ? name : parent;
  }
  return { deleted, reparented, current: next };
}

/** libvirt's <state> of a snapshot as a VM state; 'disk-snapshot' was taken of a running VM. */
export function snapshotVmState(xmlState: string | undefined): VmState {
  if (xmlState === 'disk-snapshot') return 'running';
  if (xmlState === 'nostate' || xmlState === undefined) return 'shutoff';
  return VM_STATES.find((s) => s === xmlState) ?? 'shutoff';
}

/** Description limit: libvirt has none, but a request has to stop somewhere. */
export const SNAPSHOT_DESCRIPTION_MAX = 4096;

/** A message for the user, or null when the description can be stored in XML as it is. */
export function checkSnapshotDescription(text: string): string | null {
  if (text.length > SNAPSHOT_DESCRIPTION_MAX)
    return `Description must be at most ${SNAPSHOT_DESCRIPTION_MAX} characters (it has ${text.length}).`;
  if (hasControlCharsBesideLines(text))
    return 'Description may not contain control characters other than tabs and line breaks.';
  return null;
}

/**
 * A snapshot that already exists may have been named by virsh with characters virtdesk would not
 * give a new one (tabs, edge spaces, a leading `--`): it must still be revertable and deletable.
 * Only what no snapshot can be called is refused: '/', and the line break that ends virsh's
 * command line. A name is always passed as an option's value, never read as an option.
 */
export function checkSnapshotRef(name: string): string | null {
  if (name.length === 0) return 'Snapshot name is required.';
  if (name.length > 1024) return 'Snapshot name must be at most 1024 characters.';
  if (name.includes('\n') || name.includes('\u0000'))
    return 'Snapshot name may not contain line breaks.';
  if (name.includes('/')) return "Snapshot name may not contain '/'.";
  return null;
}

/** A new snapshot's name: checkName's rules, and not one the VM already has. */
export function checkNewSnapshotName(
  name: string,
  existing: readonly SnapshotLink[],
  vmName: string,
): string | null {
  const problem = checkName(name, 'Snapshot name');
  if (problem !== null) return problem;
  if (existing.some((s) => s.name === name))
    return `A snapshot named ${name} already exists for ${vmName}.`;
  return null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `snap-20240131-0942` in local time, with -2, -3… added when the VM already has that name. */
export function defaultSnapshotName(
  at: Date,
  existing: readonly SnapshotLink[],
  prefix = 'snap',
): string {
  const stamp =
    `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}` +
    `-${pad(at.getHours())}${pad(at.getMinutes())}`;
  const base = `${prefix}-${stamp}`;
  const taken = new Set(existing.map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
