// Schemas of the snapshot requests. A new snapshot's name follows virtdesk's name rules; a name
// that refers to an existing snapshot only has to be one libvirt could have made (see
// checkSnapshotRef), so snapshots taken with virsh stay revertable and deletable.
import type { ApiMethods } from '../api';
import { VirtdeskError } from '../errors';
import { SNAPSHOT_DELETE_MODES } from '../model';
import { SNAPSHOT_DESCRIPTION_MAX, checkSnapshotDescription, checkSnapshotRef } from '../snapshots';
import type { Schema } from './schema';
import { obj, oneOf, str } from './schema';
import { newName } from './names';

const flag: Schema<boolean> = (v, path) => {
  if (typeof v !== 'boolean')
    throw new VirtdeskError('INVALID_INPUT', `${path}: expected true or false`, path);
  return v;
};

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

export function snapshotSchemas(id: Schema<string>) {
  const ref = str({ max: 1024, check: checkSnapshotRef });
  return {
    snapshotList: obj<P<'snapshotList'>>({ hostId: id, vmId: id }),
    snapshotCreate: obj<P<'snapshotCreate'>>({
      hostId: id,
      vmId: id,
      name: newName('Snapshot name'),
      description: str({ max: SNAPSHOT_DESCRIPTION_MAX, check: checkSnapshotDescription }),
      withMemory: flag,
      quiesce: flag,
    }),
    snapshotRevert: obj<P<'snapshotRevert'>>({ hostId: id, vmId: id, name: ref }),
    snapshotDelete: obj<P<'snapshotDelete'>>({
      hostId: id,
      vmId: id,
      name: ref,
      mode: oneOf(SNAPSHOT_DELETE_MODES),
    }),
  };
}
