// snapshot-dumpxml as the api's Snapshot, and what virsh's snapshot refusals mean: libvirt's
// message is kept, only the code is chosen (a name in use is CONFLICT, a revert or delete libvirt
// does not implement is UNSUPPORTED).
import { VirtdeskError } from '../../../shared/errors';
import { parseXml, readSnapshot } from '../../../shared/libvirt-xml';
import type { Snapshot } from '../../../shared/model';
import { snapshotVmState } from '../../../shared/snapshots';

export function snapshotFromXml(xml: string, current: string | null): Snapshot {
  const v = readSnapshot(parseXml(xml, { root: 'domainsnapshot' }));
  const name = v.name ?? '';
  return {
    name,
    description: v.description ?? '',
    createdAt: (v.creationTime ?? 0) * 1000,
    state: snapshotVmState(v.state),
    hasMemory: v.memorySnapshot === 'internal' || v.memorySnapshot === 'external',
    parent: v.parent ?? null,
    isCurrent: current !== null && name === current,
    sizeBytes: null,
    external: v.memorySnapshot === 'external' || v.disks.some((d) => d.snapshot === 'external'),
  };
}

const CONFLICT = [/already exists/i];
const UNSUPPORTED = [
  /external.*(not supported|unsupported)/i,
  /(not supported|unsupported).*external/i,
  /is required by flag/i,
  /does not support/i,
  /unsupported configuration/i,
  /not supported/i,
];
const NOT_FOUND = [/no domain snapshot with matching name/i, /snapshot not found/i];

export function snapshotError(e: unknown, snapshot?: string): VirtdeskError {
  if (!(e instanceof VirtdeskError))
    return new VirtdeskError('HOST_ERROR', e instanceof Error ? e.message : String(e));
  if (e.code === 'DISCONNECTED') return e;
  const m = e.message;
  const field = snapshot === undefined ? undefined : 'name';
  if (CONFLICT.some((re) => re.test(m))) return new VirtdeskError('CONFLICT', m, field);
  if (NOT_FOUND.some((re) => re.test(m))) return new VirtdeskError('NOT_FOUND', m);
  if (UNSUPPORTED.some((re) => re.test(m))) return new VirtdeskError('UNSUPPORTED', m);
  return e;
}
