// The simulated host's Tuning figures and its 1 GiB pool resized with nr_hugepages semantics,
// kept across a restart; and the libvirt driver's readers of virsh's output.
import { describe, expect, it } from 'vitest';
import {
  parseCpuTimes,
  parseFreecell,
  parseMemoryTune,
} from '../../../src/main/drivers/libvirt-ssh/tuningOps';
import { makeHost, reload } from '../simulated/memoryStore';

const GiB = 1024 * 1024;

describe('simulated tuning', () => {
  it('reports NUMA memory, pools, KSM and per-pCPU usage for sim1', async () => {
    const { host } = makeHost();
    const t = await host.tuning.tuningGet();
    expect(t.nodes.map((n) => [n.id, n.totalKiB])).toEqual([
      [0, 64 * GiB],
      [1, 64 * GiB],
    ]);
    expect(t.nodes[0]?.freeKiB).toBeGreaterThan(0);
    expect(t.nodes[0]?.freeKiB).toBeLessThan(64 * GiB);
    expect(t.nodes[1]?.hugepages).toEqual([
      { sizeKiB: 2048, total: 2048, free: 2048 },
      { sizeKiB: GiB, total: 4, free: 2 },
    ]);
    expect(t.ksm?.pagesSharing).toBeGreaterThan(0);
    expect(t.cpus).toHaveLength(32);
    expect(t.cpus.every((c) => c.usagePercent !== null && c.usagePercent <= 100)).toBe(true);
  });

  it("resizes node 0's 1 GiB pool, partly when fragmented, and keeps it across a restart", async () => {
    const { host, store, events } = makeHost();
    const grown = await host.tuning.tuningSetHugepages({ node: 0, sizeKiB: GiB, count: 8 });
    expect(grown).toEqual({ node: 0, sizeKiB: GiB, requested: 8, allocated: 8, shortfall: null });
    expect(events.map((e) => e.type)).toEqual(['host-changed']);
    expect(host.getHost().hardware?.numaNodes[0]?.hugepages[1]).toEqual({
      sizeKiB: GiB,
      total: 8,
      free: 8,
    });
    const greedy = await host.tuning.tuningSetHugepages({ node: 0, sizeKiB: GiB, count: 60 });
    expect(greedy.allocated).toBeGreaterThan(8);
    expect(greedy.allocated).toBeLessThan(60);
    expect(greedy.shortfall).toMatch(/node 0's free memory is fragmented/);
    const again = makeHost({ saved: reload(store.last) });
    expect(
      (await again.host.tuning.tuningGet()).nodes[0]?.hugepages.find((p) => p.sizeKiB === GiB),
    ).toEqual({ sizeKiB: GiB, total: greedy.allocated, free: greedy.allocated });
  });

  it('refuses a node or page size the host has not got', async () => {
    const { host } = makeHost();
    await expect(
      host.tuning.tuningSetHugepages({ node: 7, sizeKiB: GiB, count: 1 }),
    ).rejects.toThrow('The host has no NUMA node 7.');
    await expect(
      host.tuning.tuningSetHugepages({ node: 0, sizeKiB: 16 * GiB, count: 1 }),
    ).rejects.toThrow('Node 0 has no 16 GiB hugepage pool.');
  });
});

describe('libvirt tuning readers', () => {
  it('freecell --all, node-memory-tune and nodecpustats --cpu as virsh 9 prints them', () => {
    expect(
      parseFreecell(
        '    0:   23294556 KiB\n    1:   1000 KiB\n--------------------\nTotal:   23295556 KiB\n',
      ),
    ).toEqual(
      new Map([
        [0, 23294556],
        [1, 1000],
      ]),
    );
    const ksm = parseMemoryTune(
      'Shared memory:\n\tshm_pages_to_scan 100\n\tshm_sleep_millisecs 20\n\tshm_pages_shared 3\n\tshm_pages_sharing 9\n\tshm_pages_unshared 4\n\tshm_pages_volatile 1\n\tshm_full_scans  7\n\tshm_merge_across_nodes 1\n',
    );
    expect(ksm).toEqual({
      running: null,
      pagesToScan: 100,
      sleepMillisecs: 20,
      pagesShared: 3,
      pagesSharing: 9,
      pagesUnshared: 4,
      pagesVolatile: 1,
      fullScans: 7,
      mergeAcrossNodes: true,
    });
    expect(parseMemoryTune('')).toBeNull();
    expect(parseCpuTimes('user:  5000\nsystem:  1000\nidle:  3000\niowait:  1000\n')).toEqual({
      busy: 6000,
      total: 10000,
    });
  });
});
