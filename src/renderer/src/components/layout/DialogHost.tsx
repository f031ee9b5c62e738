// Renders the one open dialog, if any.
import { useAppStore } from '../../store/appStore';
import { AddConnectionDialog } from '../connection/AddConnectionDialog';
import { RemoveConnectionDialog } from '../connection/RemoveConnectionDialog';
import { VmConfirmDialog } from '../vm/VmConfirmDialog';
import { VmCreateDialog } from '../vm/VmCreateDialog';
import { XmlDiscardDialog } from '../vm/xml/XmlDiscardDialog';

export function DialogHost() {
  const dialog = useAppStore((s) => s.dialog);
  if (dialog === null) return null;
  if (dialog.kind === 'new-vm') return <VmCreateDialog />;
  if (dialog.kind === 'add-connection') return <AddConnectionDialog />;
  if (dialog.kind === 'remove-connection') {
    return <RemoveConnectionDialog key={dialog.hostId} hostId={dialog.hostId} />;
  }
  if (dialog.kind === 'discard-xml') {
    return <XmlDiscardDialog key={dialog.key} vmKey={dialog.key} then={dialog.then} />;
  }
  return <VmConfirmDialog key={dialog.key} action={dialog.action} vmKey={dialog.key} />;
}
