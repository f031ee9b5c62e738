// The Create snapshot dialog: a dated default name checked as you type (the rules main applies,
// and the names the VM already has), a description, memory state for a running or paused VM (on
// by default then), and quiescing where the guest agent answers. libvirt quiesces disk-only
// snapshots only, so the option waits until memory is left out.
import { useState } from 'react';
import type { Snapshot, Vm } from '../../../../../shared/model';
import {
  checkNewSnapshotName,
  checkSnapshotDescription,
  defaultSnapshotName,
} from '../../../../../shared/snapshots';
import { useAppStore } from '../../../store/appStore';
import { createAndPickSnapshot } from '../../../store/snapshotCommands';
import { DialogFrame } from '../../common/DialogFrame';
import { FormField } from '../../common/FormField';
import { TextField } from '../../common/TextField';
import { canSaveMemory, whyNoQuiesce } from './snapshotText';

interface Props {
  vmKey: string;
  vm: Vm;
  existing: readonly Snapshot[];
}

export function SnapshotCreateDialog({ vmKey, vm, existing }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const [name, setName] = useState(() => defaultSnapshotName(new Date(), existing));
  const [description, setDescription] = useState('');
  const memoryPossible = canSaveMemory(vm);
  const [withMemory, setWithMemory] = useState(memoryPossible);
  const [quiesce, setQuiesce] = useState(false);

  const nameError = checkNewSnapshotName(name, existing, vm.name) ?? undefined;
  const descriptionError = checkSnapshotDescription(description) ?? undefined;
  const noAgent = whyNoQuiesce(vm);
  const quiesceWhy =
    noAgent ??
    (withMemory && memoryPossible
      ? 'Quiescing applies to disk-only snapshots: a snapshot with memory is consistent already.'
      : null);
  const memory = withMemory && memoryPossible;
  const invalid = nameError !== undefined || descriptionError !== undefined;

  const create = (): Promise<void> =>
    createAndPickSnapshot(vmKey, {
      name,
      description,
      withMemory: memory,
      quiesce: quiesce && !quiesceWhy,
    });

  return (
    <DialogFrame
      id="snap-create"
      title="Create snapshot"
      action="Create"
      invalid={invalid ? 'Fix the fields marked above first' : null}
      run={create}
      onClose={close}
    >
      <div className="snap-form">
        <TextField
          id="snap-create-name"
          label="Name"
          value={name}
          error={nameError}
          autoFocus
          onChange={setName}
        />
        <FormField id="snap-create-description" label="Description" error={descriptionError}>
          <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </FormField>
        <Check
          id="snap-create-memory"
          label="Include memory state"
          checked={memory}
          why={memoryPossible ? null : `${vm.name} is shut off: there is no memory state to save.`}
          hint="Reverting resumes the guest where it was; without memory it boots from its disks."
          onChange={setWithMemory}
        />
        <Check
          id="snap-create-quiesce"
          label="Quiesce file systems"
          checked={quiesce && quiesceWhy === null}
          why={quiesceWhy}
          hint="The QEMU guest agent freezes the guest's file systems while the disks are saved."
          onChange={setQuiesce}
        />
      </div>
    </DialogFrame>
  );
}

interface CheckProps {
  id: string;
  label: string;
  checked: boolean;
  /** Why the option is unavailable; null when it is available. */
  why: string | null;
  hint: string;
  onChange(checked: boolean): void;
}

function Check({ id, label, checked, why, hint, onChange }: CheckProps) {
  return (
    <div className="snap-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={why !== null}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <span className="field-hint" id={`${id}-hint`}>
        {why ?? hint}
      </span>
    </div>
  );
}
