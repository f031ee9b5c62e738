// The Pinning section's form: the pinning itself (the map edits cpusets directly, nothing is
// typed), read back with the one rule a form can break (numatune needs a node) and what changed
// in words, one line per vCPU, emulator, iothread and the memory policy.
import type { CpuSet, PinningSettings } from '../../../../shared/hardware';
import { cpusetText } from '../../../../shared/hardwareRules';
import { pinSlots, slotCpus, slotLabel } from '../../../../shared/pinning';
import type { FormRead } from './formRead';
import { changed, formRead } from './formRead';

export type PinningField = 'numatune';

export function readPinningForm(f: PinningSettings): FormRead<PinningSettings, PinningField> {
  const errors: Partial<Record<PinningField, string>> = {};
  if (f.numatune !== null && f.numatune.nodeset.length === 0)
    errors.numatune = 'Choose at least one node for the memory.';
  return formRead(errors, () => f);
}

function cpusText(c: CpuSet | null): string {
  return c === null || c.length === 0 ? 'anywhere' : `CPU ${cpusetText(c)}`;
}

function numaText(n: PinningSettings['numatune']): string {
  if (n === null) return 'host decides';
  const nodes = n.nodeset.length === 1 ? 'node' : 'nodes';
  return `${n.mode} on ${nodes} ${cpusetText(n.nodeset)}`;
}

export function pinningChanges(before: PinningSettings, after: PinningSettings): string[] {
  return [
    ...pinSlots(after).flatMap((slot) =>
      changed(slotLabel(slot), cpusText(slotCpus(before, slot)), cpusText(slotCpus(after, slot))),
    ),
    ...changed('Memory', numaText(before.numatune), numaText(after.numatune)),
  ];
}
