// Delete asks which disks go with the VM (virt-manager's delete dialog): one checkbox per disk,
// target, source and size. Only an ordinary disk that is a volume used by this VM alone is ticked,
// and only such a disk can be; every other disk (CD-ROM, read-only, shareable, used by another VM,
// a file libvirt does not manage) is shown unticked and disabled with the reason it stays. The
// button says what will happen. Main checks the choice again when it deletes.
import { useState } from 'react';
import type { DeletePlanDisk, DiskChoice } from '../../../../shared/deletePlan';
import { deleteActionLabel } from '../../../../shared/deletePlan';
import { lifecycleRefusal } from '../../../../shared/lifecycle';
import { useAppStore } from '../../store/appStore';
import { runVmAction } from '../../store/commands';
import { vmDeletePlan } from '../../store/deleteCommands';
import { domId, formatBytes } from '../../lib/format';
import { DialogFrame } from '../common/DialogFrame';
import './vmDelete.css';

/** A disk the user unticked, by target and source (a reload keeps the choice while both hold). */
const choiceKey = (d: Pick<DeletePlanDisk, 'target' | 'source'>) => `${d.target}\n${d.source}`;

function DiskRow(props: { disk: DeletePlanDisk; checked: boolean; onToggle(): void }) {
  const { disk, checked, onToggle } = props;
  const reasonId = domId('delete-disk-reason', disk.target);
  const size = disk.sizeBytes === null ? null : formatBytes(disk.sizeBytes);
  return (
    <li data-target={disk.target}>
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          disabled={disk.keep !== null}
          onChange={onToggle}
          aria-describedby={disk.reason === null ? undefined : reasonId}
        />
        <span>
          <span className="mono">{disk.target}</span>{' '}
          <span className="mono source">{disk.source ?? '(empty)'}</span>
          {size && <span className="muted"> · {size}</span>}
        </span>
      </label>
      {disk.reason && (
        <span id={reasonId} className="reason muted">
          {disk.reason}
        </span>
      )}
    </li>
  );
}

export function VmDeleteDialog({ vmKey }: { vmKey: string }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  const { load, reload } = vmDeletePlan.use(vmKey);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  if (!vm) return null;

  const disks = load.status === 'ready' ? load.value.disks : [];
  const chosen: DiskChoice[] = disks.flatMap((d) =>
    d.keep === null && d.source !== null && !unticked.has(choiceKey(d))
      ? [{ target: d.target, source: d.source }]
      : [],
  );
  const toggle = (d: DeletePlanDisk) =>
    setUnticked((prev) => {
      const next = new Set(prev);
      if (!next.delete(choiceKey(d))) next.add(choiceKey(d));
      return next;
    });
  const blocked =
    lifecycleRefusal('delete', vm) ??
    (load.status === 'loading'
      ? 'Reading its disks…'
      : load.status === 'error'
        ? `Cannot read its disks: ${load.message}`
        : null);
  const kept = disks.length - chosen.length;

  return (
    <DialogFrame
      id="confirm-dialog"
      title={`Delete ${vm.name}?`}
      describedBy="confirm-dialog-text"
      danger
      action={deleteActionLabel(chosen.length)}
      invalid={blocked}
      // The action goes on in the background; a failure shows as a dismissible error.
      run={async () => void runVmAction(vmKey, 'delete', { disks: chosen })}
      onClose={closeDialog}
    >
      <p id="confirm-dialog-text">
        Deleting {vm.name} removes its definition
        {chosen.length > 0 ? ' and the ticked disks, for good' : ''}
        {kept > 0 ? `; ${chosen.length > 0 ? 'the other' : 'its'} disks stay on the host` : ''}.
        This cannot be undone.
      </p>
      {load.status === 'ready' && disks.length > 0 && (
        <ul className="delete-disks" aria-label="Disks">
          {disks.map((d) => (
            <DiskRow
              key={choiceKey(d)}
              disk={d}
              checked={chosen.some((c) => c.target === d.target)}
              onToggle={() => toggle(d)}
            />
          ))}
        </ul>
      )}
      {load.status === 'error' && (
        <button type="button" onClick={reload}>
          Retry
        </button>
      )}
      {blocked && load.status !== 'loading' && (
        <p className="inline-error" role="alert">
          {blocked}
        </p>
      )}
    </DialogFrame>
  );
}
