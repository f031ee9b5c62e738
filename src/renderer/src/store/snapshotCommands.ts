// The Snapshots tab's requests. A revert's result updates the VM at once (its state and
// definition changed); the list itself reloads on the snapshots-changed event. Failures throw for
// the dialog or tab that asked to show.
import type { NewSnapshotSpec, Snapshot, SnapshotDeleteMode, Vm } from '../../../shared/model';
import { getApi } from '../api';
import { useAppStore } from './appStore';
import { splitVmKey } from './keys';

export function listSnapshots(key: string): Promise<Snapshot[]> {
  return getApi().snapshotList(splitVmKey(key));
}

export function createSnapshot(key: string, spec: NewSnapshotSpec): Promise<Snapshot> {
  return getApi().snapshotCreate({ ...splitVmKey(key), ...spec });
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
