// Asks before deleting snapshots and which ones: the snapshot alone (its children move up to its
// parent), it and everything below it, or only what is below it.
import { useState } from 'react';
import type { Snapshot, SnapshotDeleteMode } from '../../../../../shared/model';
import { descendantsOf } from '../../../../../shared/snapshots';
import { errorMessage } from '../../../lib/errorText';
import { deleteSnapshot } from '../../../store/snapshotCommands';
import { Modal } from '../../common/Modal';

interface Props {
  vmKey: string;
  snapshot: Snapshot;
  existing: readonly Snapshot[];
  setBusy(busy: boolean): void;
  onClose(): void;
}

function plural(n: number): string {
  return `${n} descendant${n === 1 ? '' : 's'}`;
}

export function SnapshotDeleteDialog({ vmKey, snapshot, existing, setBusy, onClose }: Props) {
  const [mode, setMode] = useState<SnapshotDeleteMode>('one');
  const [busy, setOwnBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = descendantsOf(existing, snapshot.name).length;
  const choices: { mode: SnapshotDeleteMode; label: string }[] = [
    { mode: 'one', label: 'This snapshot only (children move up)' },
    { mode: 'subtree', label: `This snapshot and its ${plural(n)}` },
    { mode: 'children-only', label: `Only its ${plural(n)}` },
  ];

  const confirm = async (): Promise<void> => {
    if (busy) return;
    setOwnBusy(true);
    setBusy(true);
    setError(null);
    try {
      await deleteSnapshot(vmKey, snapshot.name, n === 0 ? 'one' : mode);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setOwnBusy(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      labelledBy="snap-delete-heading"
      describedBy="snap-delete-text"
      onCancel={onClose}
      className="modal-narrow"
    >
      <h2 id="snap-delete-heading">Delete snapshot {snapshot.name}?</h2>
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
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="btn" data-autofocus onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger-solid"
          disabled={busy}
          aria-busy={busy || undefined}
          onClick={() => void confirm()}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Delete
        </button>
      </div>
    </Modal>
  );
}
