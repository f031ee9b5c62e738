// Renders a storage dialog with the pool and volume it is about, as the Storage view has them.
// A dialog whose pool or volume has gone (deleted elsewhere) is not shown.
import type { DialogOf } from '../../store/dialogs';
import { hostPools, poolVolumes } from '../../store/storageCommands';
import { volumesKey } from '../../store/storageStore';
import { PoolDefineDialog } from './PoolDefineDialog';
import { VolumeAttachDialog } from './VolumeAttachDialog';
import { VolumeCreateDialog } from './VolumeCreateDialog';
import { VolumeCloneDialog, VolumeDeleteDialog, VolumeResizeDialog } from './VolumeDialogs';

type StorageDialogKind = 'define-pool' | 'create-volume' | 'resize' | 'clone' | 'delete' | 'attach';

export function StorageDialog({ dialog }: { dialog: DialogOf<StorageDialogKind> }) {
  const { hostId } = dialog;
  const pools = hostPools.useLoaded(hostId);
  const volumes = poolVolumes.useLoaded(
    dialog.kind !== 'define-pool' ? volumesKey(hostId, dialog.pool) : null,
  );
  if (pools === undefined) return null;
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
