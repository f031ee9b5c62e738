// Asks before a revert, which throws away the VM's present state: says what the VM goes back to
// and offers to snapshot the present first (an automatic snapshot, then the revert).
import { useState } from 'react';
import type { Snapshot, Vm } from '../../../../../shared/model';
import { defaultSnapshotName } from '../../../../../shared/snapshots';
import { errorMessage } from '../../../lib/errorText';
import { createSnapshot, revertSnapshot } from '../../../store/snapshotCommands';
import { Modal } from '../../common/Modal';
import { canSaveMemory, createdText } from './snapshotText';

interface Props {
  vmKey: string;
  vm: Vm;
  snapshot: Snapshot;
  existing: readonly Snapshot[];
  setBusy(busy: boolean): void;
  onClose(): void;
}

type Step = 'snapshot' | 'revert';

function outcome(vm: Vm, s: Snapshot): string {
  const when = createdText(s);
  if (s.hasMemory) {
    const how = s.state === 'paused' ? 'paused' : 'running';
    return (
      `${vm.name} goes back to how it was when ${s.name} was taken (${when}): its configuration, ` +
      `its disks and its guest's memory, ${how}.`
    );
  }
  return (
    `${vm.name} goes back to the configuration and disks of ${s.name} (${when}) and is shut off: ` +
    'the snapshot holds no memory state.'
  );
}

export function SnapshotRevertDialog({ vmKey, vm, snapshot, existing, setBusy, onClose }: Props) {
  const [step, setStep] = useState<Step | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = step !== null;

  const run = async (first: boolean): Promise<void> => {
    if (busy) return;
    setError(null);
    setBusy(true);
    let taken: string | null = null;
    try {
      if (first) {
        setStep('snapshot');
        const auto = {
          name: defaultSnapshotName(new Date(), existing, 'pre-revert'),
          description: `Automatic snapshot before reverting to ${snapshot.name}`,
          withMemory: canSaveMemory(vm),
          quiesce: false,
        };
        taken = (await createSnapshot(vmKey, auto)).name;
      }
      setStep('revert');
      await revertSnapshot(vmKey, snapshot.name);
      onClose();
    } catch (e) {
      setError(
        taken === null
          ? errorMessage(e)
          : `Snapshot ${taken} was taken, but the revert failed: ${errorMessage(e)}`,
      );
      setStep(null);
    } finally {
      setBusy(false);
    }
  };

  const progress = step === 'snapshot' ? 'Taking a snapshot of the current state…' : 'Reverting…';
  return (
    <Modal
      labelledBy="snap-revert-heading"
      describedBy="snap-revert-text snap-revert-loss"
      onCancel={onClose}
      className="modal-narrow"
    >
      <h2 id="snap-revert-heading">
        Revert {vm.name} to {snapshot.name}?
      </h2>
      <p id="snap-revert-text">{outcome(vm, snapshot)}</p>
      <p id="snap-revert-loss">
        <strong>The current state of {vm.name} will be lost</strong> unless you snapshot it first.
      </p>
      <p className="muted" role="status" aria-live="polite">
        {busy ? progress : ''}
      </p>
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
          className="btn"
          disabled={busy}
          aria-busy={step === 'snapshot' || undefined}
          onClick={() => void run(true)}
        >
          {step === 'snapshot' && <span className="spinner" aria-hidden="true" />}
          Snapshot current state first
        </button>
        <button
          type="button"
          className="btn btn-danger-solid"
          disabled={busy}
          aria-busy={step === 'revert' || undefined}
          onClick={() => void run(false)}
        >
          {step === 'revert' && <span className="spinner" aria-hidden="true" />}
          Revert
        </button>
      </div>
    </Modal>
  );
}
