// Renders the open storage dialog of this host, if any, with the pool and volume it is about.
// A dialog whose pool or volume has gone (deleted elsewhere) is not shown.
import { useStorageStore, volumesKey } from '../../store/storageStore';
import { PoolDefineDialog } from './PoolDefineDialog';
import { VolumeAttachDialog } from './VolumeAttachDialog';
import { VolumeCreateDialog } from './VolumeCreateDialog';
import { VolumeCloneDialog, VolumeDeleteDialog, VolumeResizeDialog } from './VolumeDialogs';

export function StorageDialogs({ hostId }: { hostId: string }) {
  const dialog = useStorageStore((s) => s.dialog);
  const pools = useStorageStore((s) => s.pools[hostId]);
  const volumes = useStorageStore((s) =>
    dialog && dialog.kind !== 'define-pool'
      ? s.volumes[volumesKey(hostId, dialog.pool)]
      : undefined,
  );
  if (dialog === null || dialog.hostId !== hostId || pools === undefined) return null;
  if (dialog.kind === 'define-pool') return <PoolDefineDialog hostId={hostId} pools={pools} />;
  const pool = pools.find((p) => p.name === dialog.pool);
  if (!pool) return null;
  if (dialog.kind === 'create-volume')
    return <VolumeCreateDialog hostId={hostId} pool={pool} volumes={volumes ?? []} />;
  const volume = volumes?.find((v) => v.name === dialog.volume);
  if (!volume || !volumes) return null;
  const props = { hostId, pool, volume, volumes };
  switch (dialog.kind) {
    case 'resize':
      return <VolumeResizeDialog {...props} />;
    case 'clone':
      return <VolumeCloneDialog {...props} />;
    case 'delete':
      return <VolumeDeleteDialog {...props} />;
    case 'attach':
      return <VolumeAttachDialog hostId={hostId} pool={pool} volume={volume} />;
  }
}
