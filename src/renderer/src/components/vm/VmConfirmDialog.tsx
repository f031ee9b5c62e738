// Asks before Force off (the guest loses what it has not saved). Delete, the other action that
// loses data, has its own dialog listing the disks (VmDeleteDialog).
import { VM_ACTION_LABEL } from '../../../../shared/lifecycle';
import { useAppStore } from '../../store/appStore';
import { runVmAction } from '../../store/commands';
import { DialogFrame } from '../common/DialogFrame';

export function VmConfirmDialog({ vmKey }: { vmKey: string }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  if (!vm) return null;
  const label = VM_ACTION_LABEL.forceOff;

  return (
    <DialogFrame
      id="confirm-dialog"
      title={`${label} ${vm.name}?`}
      describedBy="confirm-dialog-text"
      size="narrow"
      danger
      action={label}
      invalid={null}
      // The action goes on in the background; a failure shows as a dismissible error.
      run={async () => void runVmAction(vmKey, 'forceOff')}
      onClose={closeDialog}
    >
      <p id="confirm-dialog-text">
        Forcing off {vm.name} cuts its power at once, like pulling the plug. Anything the guest has
        not written to disk is lost.
      </p>
    </DialogFrame>
  );
}
