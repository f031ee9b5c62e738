// Asks before the two actions that lose data: Force off (the guest loses what it has not saved)
// and Delete (the definition and, unless unticked, the disk images go, for good). Delete needs a
// shut-off VM.
import { useState } from 'react';
import type { Vm } from '../../../../shared/model';
import { VM_ACTION_LABEL, lifecycleRefusal } from '../../../../shared/lifecycle';
import { useAppStore } from '../../store/appStore';
import { runVmAction } from '../../store/commands';
import { DialogFrame } from '../common/DialogFrame';

interface Props {
  action: 'forceOff' | 'delete';
  vmKey: string;
}

function consequence(action: Props['action'], vm: Vm, withStorage: boolean): string {
  if (action === 'forceOff') {
    return (
      `Forcing off ${vm.name} cuts its power at once, like pulling the plug. ` +
      'Anything the guest has not written to disk is lost.'
    );
  }
  return withStorage
    ? `Deleting ${vm.name} removes its definition and its disk images. This cannot be undone.`
    : `Deleting ${vm.name} removes its definition; its disk images stay in their pools.`;
}

export function VmConfirmDialog({ action, vmKey }: Props) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const [withStorage, setWithStorage] = useState(true);
  if (!vm) return null;

  const label = VM_ACTION_LABEL[action];
  const blocked = action === 'delete' ? lifecycleRefusal(action, vm) : null;
  const images = action === 'delete' ? vm.disks.filter((d) => d.source && d.device === 'disk') : [];

  return (
    <DialogFrame
      id="confirm-dialog"
      title={`${label} ${vm.name}?`}
      describedBy="confirm-dialog-text"
      size="narrow"
      danger
      action={label}
      invalid={blocked}
      // The action goes on in the background; a failure shows as a dismissible error.
      run={async () => void runVmAction(vmKey, action, action === 'delete' ? { withStorage } : {})}
      onClose={closeDialog}
    >
      <p id="confirm-dialog-text">{consequence(action, vm, withStorage)}</p>
      {images.length > 0 && (
        <label className="check">
          <input
            type="checkbox"
            checked={withStorage}
            onChange={(e) => setWithStorage(e.target.checked)}
          />
          Also delete its disk images
        </label>
      )}
      {images.length > 0 && (
        <ul
          className="file-list"
          aria-label={withStorage ? 'Disk images to delete' : 'Disk images to keep'}
        >
          {images.map((d) => (
            <li key={d.target} className="mono">
              {d.source}
            </li>
          ))}
        </ul>
      )}
      {blocked && (
        <p className="inline-error" role="alert">
          {blocked}
        </p>
      )}
    </DialogFrame>
  );
}
