// Hugepage accounting per NUMA node with nr_hugepages semantics: a pool grows by what the node's
// free memory holds in blocks of its page size (gigantic pages need unfragmented memory), shrinks
// only by its free pages, and says how many pages it really got.
import { describe, expect, it } from 'vitest';
import type { NodeMemoryModel } from '../../../src/shared/tuning';
import {
  cpuMapLayout,
  ksmSavedKiB,
  nodeFreeKiB,
  pcpusOf,
  resizeHugepages,
} from '../../../src/shared/tuning';
import { hardwareFor } from '../../../src/main/drivers/simulated/hardware';

const GiB = 1024 * 1024;

/** 64 GiB node: 4 reserved, 10 for guests, 4 GiB of 2 MiB pages (512 used), 4 × 1 GiB (2 used). */
const node: NodeMemoryModel = {
  id: 1,
  totalKiB: 64 * GiB,
  reservedKiB: 4 * GiB,
  guestKiB: 10 * GiB,
  hugepages: [
    { sizeKiB: 2048, total: 2048, free: 1536 },
    { sizeKiB: GiB, total: 4, free: 2 },
  ],
  gigantic: 0.5,
};

describe('hugepage accounting per node', () => {
  it('free memory is what is neither reserved, a guest’s nor in a pool', () => {
    expect(nodeFreeKiB(node)).toBe((64 - 4 - 10 - 4 - 4) * GiB);
  });

  it('grows a 1 GiB pool fully when unfragmented memory holds it', () => {
    const out = resizeHugepages(node, GiB, 10);
    expect(out?.result).toEqual({ requested: 10, allocated: 10, shortfall: null });
    expect(out?.node.hugepages[1]).toEqual({ sizeKiB: GiB, total: 10, free: 8 });
    expect(nodeFreeKiB(out!.node)).toBe(36 * GiB);
    // The node given in is left as it was.
    expect(node.hugepages[1]?.total).toBe(4);
  });

  it('gets only what fragmentation leaves for gigantic pages, and says so', () => {
    // 42 GiB free, half of it in 1 GiB blocks: 21 more pages at most.
    const out = resizeHugepages(node, GiB, 100);
    expect(out?.result).toEqual({
      requested: 100,
      allocated: 25,
      shortfall:
        "The kernel allocated 21 of 96 more 1 GiB pages: node 1's free memory is fragmented: 21 free 1 GiB blocks.",
    });
    expect(out?.node.hugepages[1]).toEqual({ sizeKiB: GiB, total: 25, free: 23 });
  });

  it('2 MiB pages fill almost all free memory', () => {
    const out = resizeHugepages(node, 2048, 1_000_000);
    // 95 % of 42 GiB in 2 MiB pages: 20428 more.
    expect(out?.result.allocated).toBe(2048 + Math.floor((42 * GiB * 0.95) / 2048));
    expect(out?.result.shortfall).toMatch(/node 1 has 43008 MiB free/);
  });

  it('shrinks by free pages only: pages in use stay', () => {
    expect(resizeHugepages(node, GiB, 3)?.result).toEqual({
      requested: 3,
      allocated: 3,
      shortfall: null,
    });
    const out = resizeHugepages(node, GiB, 0);
    expect(out?.result).toEqual({
      requested: 0,
      allocated: 2,
      shortfall: '2 1 GiB pages on node 1 are in use by guests: the pool cannot shrink below 2.',
    });
    expect(out?.node.hugepages[1]).toEqual({ sizeKiB: GiB, total: 2, free: 0 });
    expect(resizeHugepages(node, 2048, 0)?.node.hugepages[0]).toEqual({
      sizeKiB: 2048,
      total: 512,
      free: 0,
    });
  });

  it('a page size the node has no pool for is null', () => {
    expect(resizeHugepages(node, 16 * GiB, 1)).toBeNull();
  });

  it('KSM saved what the extra sharers would have held', () => {
    expect(ksmSavedKiB({ pagesSharing: 2560 })).toBe(10240);
  });

  it('the CPU map of sim1: 2 nodes, 8 cores each, siblings c and c+16', () => {
    const cpus = pcpusOf(hardwareFor('sim1')).map((c) => ({ ...c, usagePercent: null }));
    expect(cpus).toHaveLength(32);
    expect(cpus[3]).toMatchObject({ id: 3, node: 0, core: 3, siblings: [3, 19] });
    expect(cpus[24]).toMatchObject({ id: 24, node: 1, core: 8, siblings: [8, 24] });
    const layout = cpuMapLayout(cpus);
    expect(layout.map((n) => [n.node, n.cores.length])).toEqual([
      [0, 8],
      [1, 8],
    ]);
    expect(layout[1]?.cores[0]?.cpus.map((c) => c.id)).toEqual([8, 24]);
  });
});
