// Asks before a revert, which throws away the VM's present state: says what the VM goes back to
// and offers to snapshot the present first (an automatic snapshot, then the revert).
import { useState } from 'react';
import type { Snapshot, Vm } from '../../../../../shared/model';
import { defaultSnapshotName } from '../../../../../shared/snapshots';
import { errorMessage } from '../../../lib/errorText';
import { useAppStore } from '../../../store/appStore';
import { createSnapshot, revertSnapshot, vmSnapshots } from '../../../store/snapshotCommands';
import { DialogFrame } from '../../common/DialogFrame';
import { canSaveMemory, createdText } from './snapshotText';

interface Props {
  vmKey: string;
  vm: Vm;
  snapshot: Snapshot;
  existing: readonly Snapshot[];
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

export function SnapshotRevertDialog({ vmKey, vm, snapshot, existing }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const [step, setStep] = useState<Step | null>(null);

  const revert = async (first: boolean): Promise<void> => {
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
    } catch (e) {
      setStep(null);
      if (taken === null) throw e;
      throw new Error(`Snapshot ${taken} was taken, but the revert failed: ${errorMessage(e)}`, {
        cause: e,
      });
    }
  };

  const progress = step === 'snapshot' ? 'Taking a snapshot of the current state…' : 'Reverting…';
  return (
    <DialogFrame
      id="snap-revert"
      title={`Revert ${vm.name} to ${snapshot.name}?`}
      describedBy="snap-revert-text snap-revert-loss"
      size="narrow"
      danger
      action="Revert"
      invalid={null}
      run={() => vmSnapshots.track(vmKey, revert(false))}
      alternative={{
        label: 'Snapshot current state first',
        run: () => vmSnapshots.track(vmKey, revert(true)),
      }}
      onClose={close}
    >
      <p id="snap-revert-text">{outcome(vm, snapshot)}</p>
      <p id="snap-revert-loss">
        <strong>The current state of {vm.name} will be lost</strong> unless you snapshot it first.
      </p>
      <p className="muted" role="status" aria-live="polite">
        {step !== null ? progress : ''}
      </p>
    </DialogFrame>
  );
}
