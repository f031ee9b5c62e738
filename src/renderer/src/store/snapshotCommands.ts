// The Snapshots tab's requests. The list is a per-VM resource: it reloads on the
// snapshots-changed event, so other windows' changes show too. A revert's result updates the VM
// at once (its state and definition changed). Failures throw for the dialog or tab that asked.
import type { NewSnapshotSpec, Snapshot, SnapshotDeleteMode, Vm } from '../../../shared/model';
import { getApi } from '../api';
import { useAppStore } from './appStore';
import { splitVmKey, vmKey } from './keys';
import { defineResource } from './resources';

/** A VM's snapshots, by VM key, while its Snapshots tab is open. */
export const vmSnapshots = defineResource<Snapshot[]>(
  'snapshots',
  (key) => getApi().snapshotList(splitVmKey(key)),
  (e, key) => e.type === 'snapshots-changed' && vmKey(e.hostId, e.vmId) === key,
);

export function createSnapshot(key: string, spec: NewSnapshotSpec): Promise<Snapshot> {
  return getApi().snapshotCreate({ ...splitVmKey(key), ...spec });
}

/** The Create snapshot dialog's action: the tab is busy meanwhile, then shows the new one picked. */
export async function createAndPickSnapshot(key: string, spec: NewSnapshotSpec): Promise<void> {
  const snapshot = await vmSnapshots.track(key, createSnapshot(key, spec));
  useAppStore.getState().pickSnapshot(key, snapshot.name);
}

export async function revertSnapshot(key: string, name: string): Promise<Vm> {
  const vm = await getApi().snapshotRevert({ ...splitVmKey(key), name });
  useAppStore.getState().updateOrAddVm(vm);
  return vm;
}

export async function deleteSnapshot(
  key: string,
  name: string,
  mode: SnapshotDeleteMode,
): Promise<string[]> {
  const { deleted } = await getApi().snapshotDelete({ ...splitVmKey(key), name, mode });
  return deleted;
}
