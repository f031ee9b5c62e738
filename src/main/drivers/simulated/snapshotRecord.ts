// One simulated domain snapshot: its domainsnapshot XML (the truth, as libvirt keeps it in
// /var/lib/libvirt/qemu/snapshot/DOMAIN/NAME.xml) with the facts read from it once, plus what
// virtdesk keeps beside it: the saved memory's size and, for a memory snapshot, the guest
// console's state, so a revert brings back its shell history, directory and uptime.
import type { XmlDocument } from '../../../shared/libvirt-xml';
import { parseXml, readSnapshot, serializeXml } from '../../../shared/libvirt-xml';
import type { Snapshot } from '../../../shared/model';
import { snapshotVmState } from '../../../shared/snapshots';
import type { GuestConsoleState } from './guest/guestState';

export interface SimSnapshot {
  readonly name: string;
  readonly parent: string | null;
  readonly description: string;
  /** Milliseconds; the XML holds whole seconds. */
  readonly createdAt: number;
  /** libvirt's <state>: 'running', 'paused', 'shutoff' or 'disk-snapshot'. */
  readonly xmlState: string;
  readonly hasMemory: boolean;
  readonly external: boolean;
  readonly domainUuid: string | undefined;
  readonly xml: string;
  readonly sizeBytes: number | null;
  readonly console: GuestConsoleState | null;
}

/** A VM's snapshots, oldest first, and the current one. Replaced, never mutated. */
export interface VmSnapshots {
  readonly list: readonly SimSnapshot[];
  readonly current: string | null;
}

export const NO_SNAPSHOTS: VmSnapshots = { list: [], current: null };

export interface SnapshotExtras {
  sizeBytes: number | null;
  console: GuestConsoleState | null;
}

/** A record from a built or parsed document; throws when it has no <name>. */
export function snapshotOf(doc: XmlDocument, extras: SnapshotExtras): SimSnapshot {
  const v = readSnapshot(doc);
  if (v.name === undefined) throw new Error('the snapshot has no <name>');
  const external =
    v.memorySnapshot === 'external' || v.disks.some((d) => d.snapshot === 'external');
  return {
    name: v.name,
    parent: v.parent ?? null,
    description: v.description ?? '',
    createdAt: (v.creationTime ?? 0) * 1000,
    xmlState: v.state ?? 'shutoff',
    hasMemory: v.memorySnapshot === 'internal' || v.memorySnapshot === 'external',
    external,
    domainUuid: v.domainUuid,
    xml: serializeXml(doc),
    sizeBytes: extras.sizeBytes,
    console: extras.console,
  };
}

/** Parses stored text; throws the library's XmlError for anything but a <domainsnapshot>. */
export function parseSnapshot(xml: string, extras: SnapshotExtras): SimSnapshot {
  return snapshotOf(parseXml(xml, { root: 'domainsnapshot' }), extras);
}

/** The snapshot as the api shows it. */
export function snapshotView(s: SimSnapshot, current: string | null): Snapshot {
  return {
    name: s.name,
    description: s.description,
    createdAt: s.createdAt,
    state: snapshotVmState(s.xmlState),
    hasMemory: s.hasMemory,
    parent: s.parent,
    isCurrent: s.name === current,
    sizeBytes: s.sizeBytes,
    external: s.external,
  };
}
