// Renders the one open dialog, if any (appStore.dialog): each kind of dialog names its component
// here, with what the dialog is about.
import type { ReactNode } from 'react';
import type { DialogKind, DialogOf } from '../../store/dialogs';
import { useAppStore } from '../../store/appStore';
import { AddConnectionDialog } from '../connection/AddConnectionDialog';
import { RemoveConnectionDialog } from '../connection/RemoveConnectionDialog';
import { JobCancelDialog } from '../jobs/JobCancelDialog';
import { MigrateDialog } from '../migration/MigrateDialog';
import { StorageDialog } from '../storage/StorageDialogs';
import { NetworkDialog } from '../network/NetworkDialogs';
import { HugepageDialog } from '../tuning/HugepageDialog';
import { SnapshotDialog } from '../vm/snapshots/SnapshotDialogs';
import { DisplayAddDialog } from '../vm/display/DisplayAddDialog';
import { VmConfirmDialog } from '../vm/VmConfirmDialog';
import { VmCreateDialog } from '../vm/VmCreateDialog';
import { VmDeleteDialog } from '../vm/VmDeleteDialog';
import { XmlApplyDialog } from '../vm/xml/XmlApplyDialog';
import { XmlDiscardDialog } from '../vm/xml/XmlDiscardDialog';
import { AddHostDeviceDialog } from '../vm/hostDevices/AddHostDeviceDialog';
import { RemoveHostDeviceDialog } from '../vm/hostDevices/RemoveHostDeviceDialog';
import { HardwareReviewDialog } from '../vm/hardware/HardwareReviewDialog';
import { VfNetworkDialog } from '../host/devices/VfNetworkDialog';

const DIALOGS: { [K in DialogKind]: (dialog: DialogOf<K>) => ReactNode } = {
  'new-vm': () => <VmCreateDialog />,
  'add-connection': () => <AddConnectionDialog />,
  'remove-connection': (d) => <RemoveConnectionDialog key={d.hostId} hostId={d.hostId} />,
  'apply-xml': (d) => <XmlApplyDialog key={d.key} vmKey={d.key} />,
  'discard-xml': (d) => <XmlDiscardDialog key={d.key} vmKey={d.key} then={d.then} />,
  confirm: (d) =>
    d.action === 'delete' ? (
      <VmDeleteDialog key={d.key} vmKey={d.key} />
    ) : (
      <VmConfirmDialog key={d.key} vmKey={d.key} />
    ),
  'define-pool': (d) => <StorageDialog dialog={d} />,
  'create-volume': (d) => <StorageDialog dialog={d} />,
  resize: (d) => <StorageDialog dialog={d} />,
  clone: (d) => <StorageDialog dialog={d} />,
  delete: (d) => <StorageDialog dialog={d} />,
  attach: (d) => <StorageDialog dialog={d} />,
  'define-network': (d) => <NetworkDialog dialog={d} />,
  'network-stop': (d) => <NetworkDialog dialog={d} />,
  'network-undefine': (d) => <NetworkDialog dialog={d} />,
  hugepages: (d) => <HugepageDialog dialog={d} />,
  'add-host-device': (d) => <AddHostDeviceDialog key={d.key} vmKey={d.key} />,
  'remove-host-device': (d) => (
    <RemoveHostDeviceDialog key={d.key} vmKey={d.key} address={d.address} />
  ),
  'vf-network': (d) => <VfNetworkDialog key={d.address} hostId={d.hostId} address={d.address} />,
  'hardware-review': (d) => <HardwareReviewDialog key={d.key} vmKey={d.key} change={d.change} />,
  'snapshot-create': (d) => <SnapshotDialog dialog={d} />,
  'snapshot-revert': (d) => <SnapshotDialog dialog={d} />,
  'snapshot-delete': (d) => <SnapshotDialog dialog={d} />,
  'display-add': (d) => <DisplayAddDialog key={d.key} vmKey={d.key} spice={d.spice} />,
  migrate: (d) => <MigrateDialog key={d.key} vmKey={d.key} destHostId={d.destHostId} />,
  'job-cancel': (d) => <JobCancelDialog key={d.jobId} jobId={d.jobId} />,
};

export function DialogHost() {
  const dialog = useAppStore((s) => s.dialog);
  if (dialog === null) return null;
  const render = DIALOGS[dialog.kind] as (d: typeof dialog) => ReactNode;
  return render(dialog);
}
