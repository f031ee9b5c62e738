// What libvirt refuses a snapshot request for whichever driver serves the host, worded once so
// both drivers say the same. Each refusal says what to do instead.
import { VirtdeskError } from '../../../shared/errors';
import { STATE_WORDS } from '../../../shared/lifecycle';
import type { NewSnapshotSpec, SnapshotDeleteMode, VmState } from '../../../shared/model';
import type { DeletePlan, SnapshotLink } from '../../../shared/snapshots';
import { planDelete } from '../../../shared/snapshots';

/** Throws what libvirt refuses a new snapshot for, given the VM's state and the spec's flags. */
export function checkSnapshotState(
  vmName: string,
  state: VmState,
  spec: Pick<NewSnapshotSpec, 'withMemory' | 'quiesce'>,
): void {
  if (state !== 'running' && state !== 'paused' && state !== 'shutoff')
    throw new VirtdeskError(
      'INVALID_STATE',
      `Cannot snapshot ${vmName} while it is ${STATE_WORDS[state]}: wait until it is running or shut off.`,
    );
  if (spec.withMemory && state === 'shutoff')
    throw new VirtdeskError(
      'INVALID_INPUT',
      `${vmName} is shut off, so there is no memory state to save: take the snapshot without memory.`,
      'withMemory',
    );
  if (spec.quiesce && spec.withMemory)
    throw new VirtdeskError(
      'INVALID_INPUT',
      'Quiescing file systems applies to disk-only snapshots (a snapshot with memory is consistent already): leave out the memory state or do not quiesce.',
      'quiesce',
    );
}

/** NOT_FOUND for a snapshot name the VM does not have. */
export function noSuchSnapshot(vmName: string, snapshot: string): VirtdeskError {
  return new VirtdeskError(
    'NOT_FOUND',
    `${vmName} has no snapshot named ${JSON.stringify(snapshot)}.`,
  );
}

/** What deleting `name` does to the VM's tree (planDelete); NOT_FOUND when it has no such snapshot. */
export function deletePlanFor(
  vmName: string,
  tree: { list: readonly SnapshotLink[]; current: string | null },
  name: string,
  mode: SnapshotDeleteMode,
): DeletePlan {
  if (!tree.list.some((s) => s.name === name)) throw noSuchSnapshot(vmName, name);
  return planDelete(tree.list, name, mode, tree.current);
}

/** Throws UNSUPPORTED for a snapshot kept in overlay files, which virtdesk cannot revert to. */
export function assertRevertable(snap: { name: string; external: boolean }, vmName: string): void {
  if (snap.external)
    throw new VirtdeskError(
      'UNSUPPORTED',
      `Snapshot ${snap.name} of ${vmName} is external (kept in overlay files): reverting to external snapshots is not supported here.`,
    );
}
