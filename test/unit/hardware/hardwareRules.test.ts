import { describe, expect, it } from 'vitest';
import type { PinningSettings } from '../../../src/shared/hardware';
import { twoNodeHost } from './hostFacts';
import {
  cpuRefusal,
  cpusetText,
  hugepageNeed,
  hugepageWarning,
  memoryRefusal,
  nicRefusal,
  pinningRefusal,
  pinningWarnings,
  topologyProblem,
} from '../../../src/shared/hardwareRules';

const unpinned = (n: number): PinningSettings => ({
  vcpus: Array<null>(n).fill(null),
  emulator: null,
  iothreads: [],
  numatune: null,
});

describe('CPU rules', () => {
  const cpu = {
    vcpus: 4,
    maxVcpus: 8,
    mode: 'host-passthrough' as const,
    model: null,
    topology: null,
  };
  it('checks the topology against the maximum', () => {
    expect(topologyProblem({ ...cpu, topology: { sockets: 1, cores: 4, threads: 2 } })).toBeNull();
    expect(topologyProblem({ ...cpu, topology: { sockets: 1, cores: 3, threads: 2 } })).toBe(
      "unsupported configuration: CPU topology doesn't match maximum vcpu count",
    );
  });
  it('refuses with libvirt’s words', () => {
    const host = twoNodeHost();
    expect(cpuRefusal(cpu, host)).toBeNull();
    expect(cpuRefusal({ ...cpu, vcpus: 16 }, host)).toBe(
      'invalid argument: requested vcpus is greater than max allowable vcpus for the persistent domain: 16 > 8',
    );
    expect(cpuRefusal({ ...cpu, vcpus: 4, maxVcpus: 300 }, host)).toBe(
      'unsupported configuration: Maximum CPUs greater than specified machine type limit 288',
    );
    expect(cpuRefusal({ ...cpu, mode: 'custom', model: 'Pentium9' }, host)).toBe(
      'unsupported configuration: CPU model Pentium9 is not supported by hypervisor',
    );
    expect(cpuRefusal({ ...cpu, mode: 'custom', model: 'EPYC' }, host)).toBeNull();
  });
});

describe('pinning rules', () => {
  const host = twoNodeHost();
  it('refuses a pCPU or node the host does not have', () => {
    expect(pinningRefusal({ ...unpinned(2), vcpus: [[3], [99]] }, host)).toBe(
      "invalid argument: Physical CPU 99 doesn't exist.",
    );
    expect(
      pinningRefusal({ ...unpinned(1), numatune: { mode: 'strict', nodeset: [2] } }, host),
    ).toBe('unsupported configuration: NUMA node 2 is unavailable');
    expect(pinningRefusal({ ...unpinned(1), emulator: [15] }, host)).toBeNull();
  });

  it('warns when vCPUs sit on another node than strict memory', () => {
    const p: PinningSettings = {
      ...unpinned(4),
      vcpus: [[0], [1], [8], [9]],
      numatune: { mode: 'strict', nodeset: [0] },
    };
    expect(pinningWarnings(p, host)).toEqual([
      'vCPUs 2-3 run on node 1 while memory is strict on node 0: their memory is remote.',
    ]);
    expect(pinningWarnings({ ...p, numatune: { mode: 'preferred', nodeset: [0] } }, host)).toEqual(
      [],
    );
  });

  it('names the VMs pinned to the same pCPUs, running ones first', () => {
    const p: PinningSettings = { ...unpinned(2), vcpus: [[8], [9]], emulator: [10] };
    const pins = [
      { vmId: 'a', name: 'win10', running: true, cpus: [9, 10, 11] },
      { vmId: 'b', name: 'old', running: false, cpus: [8] },
    ];
    expect(pinningWarnings(p, { ...host, pins: [...pins].reverse() })).toEqual([
      'CPU 9-10 are also pinned by win10, which is running: the two VMs will compete for them.',
      'CPU 8 is also pinned by old (shut off): the two VMs will compete for it when both run.',
    ]);
  });

  it('warns when more vCPUs are pinned than pCPUs chosen', () => {
    const p: PinningSettings = { ...unpinned(3), vcpus: [[8], [8, 9], [9]] };
    expect(pinningWarnings(p, host)).toEqual([
      '3 vCPUs pinned onto 2 CPUs: oversubscribed, they will wait for each other.',
    ]);
  });
});

describe('memory and hugepage rules', () => {
  const host = twoNodeHost();
  const m = {
    currentKiB: 4194304,
    maxKiB: 4194304,
    hugepages: { sizeKiB: 2048, nodeset: null },
    locked: false,
    nosharepages: false,
    balloon: 'virtio' as const,
  };
  const opts = {
    running: false,
    currentChanged: false,
    guestNumaNodes: 0,
    pageNodesetChanged: true,
  };

  it('refuses current above max, setmem without a balloon, a guest node that is not there', () => {
    expect(memoryRefusal(m, opts)).toBeNull();
    expect(memoryRefusal({ ...m, currentKiB: m.maxKiB + 1024 }, opts)).toBe(
      'invalid argument: cannot set memory higher than max memory',
    );
    expect(
      memoryRefusal({ ...m, balloon: 'none' }, { ...opts, running: true, currentChanged: true }),
    ).toMatch(/without the balloon device/);
    expect(memoryRefusal({ ...m, hugepages: { sizeKiB: 2048, nodeset: [1] } }, opts)).toBe(
      'unsupported configuration: hugepages: node 1 not found',
    );
    // A <page nodeset> libvirt accepted before is not this change's to refuse.
    const kept = { ...m, hugepages: { sizeKiB: 2048, nodeset: [1] } };
    expect(memoryRefusal(kept, { ...opts, pageNodesetChanged: false })).toBeNull();
  });

  it('counts free pages on the nodes the memory is bound to', () => {
    // 4 GiB in 2 MiB pages = 2048 pages; both nodes have 1124 free; node 1 alone 100.
    expect(hugepageNeed(m, null, host)).toEqual({
      sizeKiB: 2048,
      pages: 2048,
      nodes: [0, 1],
      free: 1124,
    });
    const strict1 = { mode: 'strict' as const, nodeset: [1] };
    const need = hugepageNeed(m, strict1, host);
    expect(need).toMatchObject({ pages: 2048, nodes: [1], free: 100 });
    expect(hugepageWarning(need)).toBe(
      'Hugepages short: the VM needs 2048 pages of 2 MiB on node 1, which has 100 free: it will not start until the pool grows.',
    );
    const gig = hugepageNeed(
      { ...m, hugepages: { sizeKiB: 1048576, nodeset: null } },
      strict1,
      host,
    );
    expect(hugepageWarning(gig)).toBeNull();
    // Pages the running VM already holds come back before it boots again.
    expect(hugepageWarning(hugepageNeed(m, strict1, host, 2048))).toBeNull();
  });
});

describe('NIC rules', () => {
  const host = twoNodeHost();
  const nic = {
    mac: '52:54:00:aa:bb:cc',
    model: 'virtio',
    queues: null,
    source: { type: 'network' as const, network: 'default' },
  };
  it('refuses a network that is not defined, a VF that is not free, queues off virtio', () => {
    expect(nicRefusal(nic, undefined, host)).toBeNull();
    expect(
      nicRefusal({ ...nic, source: { type: 'network', network: 'lab' } }, undefined, host),
    ).toBe("Network not found: no network with matching name 'lab'");
    expect(
      nicRefusal({ ...nic, source: { type: 'hostdev', address: '0000:03:10.2' } }, undefined, host),
    ).toMatch(/not a free VF/);
    expect(nicRefusal({ ...nic, model: 'e1000e', queues: 4 }, undefined, host)).toMatch(/virtio/);
  });
  it('writes cpusets as libvirt does', () => {
    expect(cpusetText([8, 2, 3, 4, 5])).toBe('2-5,8');
  });
});
