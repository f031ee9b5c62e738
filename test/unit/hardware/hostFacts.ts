import type { HardwareHostFacts } from '../../../src/shared/hardware';

/** Two nodes of 4 cores × 2 threads: node 0 = CPUs 0-7, node 1 = CPUs 8-15; siblings n, n+4. */
export function twoNodeHost(over: Partial<HardwareHostFacts> = {}): HardwareHostFacts {
  const cpus = Array.from({ length: 16 }, (_, id) => {
    const node = id < 8 ? 0 : 1;
    const core = (id % 8) % 4;
    const base = node * 8 + core;
    return { id, node, socket: node, core, siblings: [base, base + 4] };
  });
  return {
    cpus,
    pins: [],
    cpuModels: ['EPYC', 'Skylake-Client', 'qemu64'],
    maxVcpus: 288,
    nodes: [
      { id: 0, hugepages: [{ sizeKiB: 2048, total: 1024, free: 1024 }] },
      {
        id: 1,
        hugepages: [
          { sizeKiB: 2048, total: 512, free: 100 },
          { sizeKiB: 1048576, total: 4, free: 4 },
        ],
      },
    ],
    networks: ['default'],
    bridges: ['br0'],
    interfaces: ['eth0'],
    vfs: [{ address: '0000:03:10.1', pf: 'eth0' }],
    ...over,
  };
}
