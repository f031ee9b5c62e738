// The bench-only CPU layout of a simulated host (VIRTDESK_SIM_CPUS): parsed strictly, and the
// host's pCPUs then follow it (two nodes, Linux numbering, siblings c and c + cores).
import { describe, expect, it } from 'vitest';
import { simCpusFromEnv } from '../../../src/main/config/dataDir';
import { profileFor } from '../../../src/main/drivers/simulated/hardware';
import { pcpusOf } from '../../../src/shared/tuning';

describe('VIRTDESK_SIM_CPUS', () => {
  it('reads hostId:2xCORESxTHREADS entries and ignores anything else', () => {
    expect(simCpusFromEnv({ VIRTDESK_SIM_CPUS: 'sim3:2x32x2, sim4:2x4x2' })).toEqual({
      sim3: { nodes: 2, coresPerNode: 32, threads: 2 },
      sim4: { nodes: 2, coresPerNode: 4, threads: 2 },
    });
    expect(
      simCpusFromEnv({ VIRTDESK_SIM_CPUS: 'sim3:3x4x2,sim4:2x0x2,x:2x4x2,sim5:2x4x4' }),
    ).toEqual({});
    expect(simCpusFromEnv({})).toEqual({});
  });

  it('gives a host 2 nodes × 32 cores × 2 threads = 128 pCPUs', () => {
    const hw = profileFor('sim3', { nodes: 2, coresPerNode: 32, threads: 2 }).hardware;
    const cpus = pcpusOf(hw);
    expect(cpus).toHaveLength(128);
    expect(hw.numaNodes.map((n) => n.cpus.length)).toEqual([64, 64]);
    expect(cpus[40]).toEqual({ id: 40, node: 1, socket: 1, core: 40, siblings: [40, 104] });
    expect(cpus[104]!.node).toBe(1);
    expect(
      pcpusOf(profileFor('sim4', { nodes: 2, coresPerNode: 4, threads: 2 }).hardware),
    ).toHaveLength(16);
  });
});
