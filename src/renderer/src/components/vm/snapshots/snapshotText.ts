// Words for a snapshot's facts, shared by the tree and the dialogs.
import type { Snapshot, Vm } from '../../../../../shared/model';
import { stateWord } from '../../../lib/format';

/** "Running, with memory", "Shut off, disk only". */
export function snapshotStateText(s: Pick<Snapshot, 'state' | 'hasMemory'>): string {
  return `${stateWord(s.state)}, ${s.hasMemory ? 'with memory' : 'disk only'}`;
}

export function createdText(s: Pick<Snapshot, 'createdAt'>): string {
  return new Date(s.createdAt).toLocaleString();
}

/** Whether the VM has memory state to save. */
export function canSaveMemory(vm: Pick<Vm, 'state'>): boolean {
  return vm.state === 'running' || vm.state === 'paused';
}

/** Why quiescing is unavailable, or null: it needs the guest agent, which answers once the guest is up. */
export function whyNoQuiesce(vm: Pick<Vm, 'state' | 'guest' | 'name'>): string | null {
  if (vm.state !== 'running') return `The guest agent cannot answer: ${vm.name} is not running.`;
  if (vm.guest !== 'up') return `The guest agent answers once ${vm.name} has booted.`;
  return null;
}
