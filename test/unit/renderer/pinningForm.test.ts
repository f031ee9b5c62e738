// The Pinning section's form read back: numatune needs a node, and each change in words.
import { describe, expect, it } from 'vitest';
import type { PinningSettings } from '../../../src/shared/hardware';
import {
  pinningChanges,
  readPinningForm,
} from '../../../src/renderer/src/lib/hardware/pinningForm';

const before: PinningSettings = {
  vcpus: [[20], [52], null],
  emulator: [16, 48],
  iothreads: [null],
  numatune: { mode: 'strict', nodeset: [1] },
};

describe('Pinning form', () => {
  it('reads back the settings, refusing a memory policy without nodes', () => {
    expect(readPinningForm(before)).toEqual({ value: before, errors: {} });
    const noNodes = { ...before, numatune: { mode: 'strict' as const, nodeset: [] } };
    expect(readPinningForm(noNodes)).toEqual({
      value: null,
      errors: { numatune: 'Choose at least one node for the memory.' },
    });
  });

  it('says what changed, one line per vCPU, emulator, iothread and the memory', () => {
    const after: PinningSettings = {
      vcpus: [[16], [52], [17]],
      emulator: null,
      iothreads: [[3, 4, 5]],
      numatune: { mode: 'interleave', nodeset: [0, 1] },
    };
    expect(pinningChanges(before, after)).toEqual([
      'vCPU 0: CPU 20 → CPU 16',
      'vCPU 2: anywhere → CPU 17',
      'Emulator: CPU 16,48 → anywhere',
      'IOThread 1: anywhere → CPU 3-5',
      'Memory: strict on node 1 → interleave on nodes 0-1',
    ]);
    expect(pinningChanges(before, before)).toEqual([]);
  });
});
