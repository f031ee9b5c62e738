// Asks before deleting snapshots and which ones: the snapshot alone (its children move up to its
// parent), it and everything below it, or only what is below it.
import { useState } from 'react';
import type { Snapshot, SnapshotDeleteMode } from '../../../../../shared/model';
import { descendantsOf } from '../../../../../shared/snapshots';
import { useAppStore } from '../../../store/appStore';
import { deleteSnapshot, vmSnapshots } from '../../../store/snapshotCommands';
import { DialogFrame } from '../../common/DialogFrame';

interface Props {
  vmKey: string;
  snapshot: Snapshot;
  existing: readonly Snapshot[];
}

function plural(n: number): string {
  return `${n} descendant${n === 1 ? '' : 's'}`;
}

export function SnapshotDeleteDialog({ vmKey, snapshot, existing }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const busy = vmSnapshots.useBusy(vmKey);
  const [mode, setMode] = useState<SnapshotDeleteMode>('one');
  const n = descendantsOf(existing, snapshot.name).length;
  const choices: { mode: SnapshotDeleteMode; label: string }[] = [
    { mode: 'one', label: 'This snapshot only (children move up)' },
    { mode: 'subtree', label: `This snapshot and its ${plural(n)}` },
    { mode: 'children-only', label: `Only its ${plural(n)}` },
  ];

  return (
    <DialogFrame
      id="snap-delete"
      title={`Delete snapshot ${snapshot.name}?`}
      describedBy="snap-delete-text"
      size="narrow"
      danger
      action="Delete"
      invalid={null}
      run={() =>
        vmSnapshots.track(vmKey, deleteSnapshot(vmKey, snapshot.name, n === 0 ? 'one' : mode))
      }
      onClose={close}
    >
      <p id="snap-delete-text">
        What is deleted cannot be reverted to any more. The VM itself does not change.
        {snapshot.isCurrent &&
          (n === 0 || mode !== 'children-only') &&
          ` ${snapshot.name} is the current snapshot: its parent becomes current.`}
      </p>
      {n === 0 ? (
        <p className="muted">{snapshot.name} has no snapshots below it.</p>
      ) : (
        <fieldset className="snap-choices">
          <legend>What to delete</legend>
          {choices.map((c) => (
            <label key={c.mode} className="snap-choice">
              <input
                type="radio"
                name="snap-delete-mode"
                value={c.mode}
                checked={mode === c.mode}
                disabled={busy}
                onChange={() => setMode(c.mode)}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      )}
    </DialogFrame>
  );
}
