// Renders a snapshot dialog with the VM and the snapshots it is about, as the Snapshots tab has
// them. A dialog whose snapshot has gone (deleted elsewhere) is not shown.
import type { DialogOf } from '../../../store/dialogs';
import { useAppStore } from '../../../store/appStore';
import { vmSnapshots } from '../../../store/snapshotCommands';
import { SnapshotCreateDialog } from './SnapshotCreateDialog';
import { SnapshotDeleteDialog } from './SnapshotDeleteDialog';
import { SnapshotRevertDialog } from './SnapshotRevertDialog';

type SnapshotDialogKind = 'snapshot-create' | 'snapshot-revert' | 'snapshot-delete';

export function SnapshotDialog({ dialog }: { dialog: DialogOf<SnapshotDialogKind> }) {
  const vmKey = dialog.key;
  const vm = useAppStore((s) => s.vms[vmKey]);
  const existing = vmSnapshots.useLoaded(vmKey);
  if (!vm || !existing) return null;
  if (dialog.kind === 'snapshot-create') {
    return <SnapshotCreateDialog vmKey={vmKey} vm={vm} existing={existing} />;
  }
  const snapshot = existing.find((s) => s.name === dialog.name);
  if (!snapshot) return null;
  const props = { vmKey, vm, snapshot, existing };
  return dialog.kind === 'snapshot-revert' ? (
    <SnapshotRevertDialog {...props} />
  ) : (
    <SnapshotDeleteDialog {...props} />
  );
}
