// The pinning map's pure rules: who sits on each pCPU, a slot set or cleared, and the "fit to one
// node" proposal (node with the most free cores, siblings paired, off the VM's own emulator).
import { describe, expect, it } from 'vitest';
import type { HostPin, PinningSettings } from '../../../src/shared/hardware';
import { fitToOneNode, slotsByCpu, vmsByCpu, withSlot } from '../../../src/shared/pinning';
import { pcpusOf } from '../../../src/shared/tuning';
import { hardwareFor } from '../../../src/main/drivers/simulated/hardware';

/** sim2: 2 sockets × 16 cores × 2 threads; node 0 = CPUs 0-15,32-47, node 1 = 16-31,48-63. */
const sim2 = pcpusOf(hardwareFor('sim2'));

function pin(name: string, cpus: number[], running = true): HostPin {
  return { vmId: name, name, running, cpus };
}

function settings(
  vcpus: (number[] | null)[],
  extra: Partial<PinningSettings> = {},
): PinningSettings {
  return { vcpus, emulator: null, iothreads: [], numatune: null, ...extra };
}

describe('who sits on each pCPU', () => {
  it('lists this VM’s vCPUs, emulator and iothreads per pCPU', () => {
    const p = settings([[20], [20], null], { emulator: [16, 48], iothreads: [[48]] });
    const by = slotsByCpu(p);
    expect(by.get(20)).toEqual(['vCPU 0', 'vCPU 1']);
    expect(by.get(48)).toEqual(['Emulator', 'IOThread 1']);
    expect(by.has(21)).toBe(false);
  });

  it('lists the other VMs per pCPU by name', () => {
    const by = vmsByCpu([pin('plex', [1, 2]), pin('alpha', [2], false)]);
    expect(by.get(2)!.map((p) => p.name)).toEqual(['alpha', 'plex']);
    expect(by.get(1)!.map((p) => p.name)).toEqual(['plex']);
  });

  it('sets one slot and keeps the rest', () => {
    const p = settings([[1], null], { iothreads: [null, null] });
    expect(withSlot(p, { kind: 'vcpu', id: 1 }, [5, 4]).vcpus).toEqual([[1], [4, 5]]);
    expect(withSlot(p, { kind: 'iothread', id: 2 }, [9]).iothreads).toEqual([null, [9]]);
    expect(withSlot(p, { kind: 'vcpu', id: 0 }, null).vcpus).toEqual([null, null]);
  });
});

describe('fitToOneNode', () => {
  it('pairs hyper-thread siblings on the node with the most free cores', () => {
    // A running VM on two node-0 cores leaves node 1 the freest.
    const fit = fitToOneNode(sim2, 12, [pin('plex', [0, 33])], 2);
    expect(fit.reason).toBeNull();
    expect(fit.proposal!.node).toBe(1);
    expect(fit.proposal!.numatune).toEqual({ mode: 'strict', nodeset: [1] });
    expect(fit.proposal!.vcpus).toEqual([
      [16],
      [48],
      [17],
      [49],
      [18],
      [50],
      [19],
      [51],
      [20],
      [52],
      [21],
      [53],
    ]);
    // vCPU 2k and 2k+1 are siblings of one core.
    for (let k = 0; k < 6; k++) {
      const a = sim2[fit.proposal!.vcpus[2 * k]![0]!]!;
      expect(a.siblings).toContain(fit.proposal!.vcpus[2 * k + 1]![0]);
    }
  });

  it('keeps off a shut-off VM’s cores while free ones remain, and prefers the node with fewer', () => {
    // Both nodes have 16 free cores (nothing runs); node 0 has a shut-off VM on core 0.
    const tie = fitToOneNode(sim2, 4, [pin('alpha', [0, 32], false)], 1);
    expect(tie.proposal!.node).toBe(1);
    // Node 0 is the freest (a running VM on node 1); the shut-off VM's core 2 comes last.
    const fit = fitToOneNode(sim2, 15, [pin('plex', [16]), pin('alpha', [2], false)], 1);
    expect(fit.proposal!.node).toBe(0);
    expect(fit.proposal!.vcpus.flat()).not.toContain(2);
    expect(
      fitToOneNode(
        sim2,
        16,
        [pin('plex', [16]), pin('alpha', [2], false)],
        1,
      ).proposal!.vcpus.flat(),
    ).toContain(2);
  });

  it('gives each vCPU a core of its own first without a threads=2 topology', () => {
    const fit = fitToOneNode(sim2, 4, [], 1);
    expect(fit.proposal!.node).toBe(0);
    expect(fit.proposal!.vcpus).toEqual([[0], [1], [2], [3]]);
    // 20 vCPUs on a 16-core node: all first threads, then second threads.
    const many = fitToOneNode(sim2, 20, [], 1).proposal!.vcpus.flat();
    expect(many.slice(0, 16)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(many.slice(16)).toEqual([32, 33, 34, 35]);
  });

  it('skips cores where a running VM is pinned; a shut-off VM’s cores only count as used last', () => {
    const fit = fitToOneNode(
      sim2,
      4,
      [pin('busy', [16, 17, 50]), pin('off', [0, 1, 2, 3, 4], false), pin('n0', [5])],
      2,
    );
    // node 0: 15 free cores; node 1: 13 (16, 17, 18 taken via 50's sibling). Cores 0-4 of node 0
    // are free but a shut-off VM is pinned there: they come after the clean ones.
    expect(fit.proposal!.node).toBe(0);
    expect(fit.proposal!.vcpus.flat()).toEqual([6, 38, 7, 39]);
    const onNode1 = fitToOneNode(sim2, 4, [pin('n0', [0, 1, 2, 3])], 2).proposal!;
    expect(onNode1.node).toBe(1);
  });

  it('keeps off the cores of the VM’s own emulator and iothread pins', () => {
    // Emulator on core 16 (16, 48): node 1 has 15 free cores, node 0 has 14 after plex's two.
    const fit = fitToOneNode(sim2, 4, [pin('plex', [0, 1])], 2, [16, 48]);
    expect(fit.proposal!.node).toBe(1);
    expect(fit.proposal!.vcpus.flat()).toEqual([17, 49, 18, 50]);
  });

  it('says why when no node has room', () => {
    const fit = fitToOneNode(sim2, 40, [], 2);
    expect(fit.proposal).toBeNull();
    expect(fit.reason).toBe(
      'No NUMA node has 40 free pCPUs: node 0, the freest, has 16 free cores (32 pCPUs).',
    );
    expect(fitToOneNode(sim2, 0, []).reason).toMatch(/no vCPUs/);
  });
});
