import { describe, expect, it } from 'vitest';
import { cpuCount, hardwareFor } from '../../../src/main/drivers/simulated';
import { makeHost } from './memoryStore';

describe.each(['sim1', 'sim2'])('%s hardware', (hostId) => {
  const hw = hardwareFor(hostId);

  it('has two NUMA nodes that partition the CPUs and the memory', () => {
    expect(hw.numaNodes).toHaveLength(2);
    const cpus = hw.numaNodes.flatMap((n) => n.cpus).sort((a, b) => a - b);
    expect(cpus).toEqual(Array.from({ length: cpuCount(hw) }, (_, i) => i));
    expect(hw.numaNodes.reduce((s, n) => s + n.memoryKiB, 0)).toBe(hw.memoryKiB);
    for (const n of hw.numaNodes) {
      expect(n.hugepages.map((p) => p.sizeKiB)).toEqual([2048, 1048576]);
      for (const p of n.hugepages) expect(p.free).toBeLessThanOrEqual(p.total);
    }
  });

  it('has an SR-IOV PF whose VFs are devices pointing back at it, each in its own group', () => {
    const pf = hw.pciDevices.find((d) => d.sriov?.role === 'pf' && d.sriov.vfs.length > 0)!;
    expect(pf.pciClass).toBe('network');
    if (pf.sriov?.role !== 'pf') throw new Error('not a PF');
    expect(pf.sriov.vfs.length).toBeLessThanOrEqual(pf.sriov.maxVfs);
    const groups = new Set<number>();
    for (const addr of pf.sriov.vfs) {
      const vf = hw.pciDevices.find((d) => d.address === addr)!;
      expect(vf.sriov).toEqual({ role: 'vf', pf: pf.address });
      expect(vf.numaNode).toBe(pf.numaNode);
      groups.add(vf.iommuGroup);
    }
    expect(groups.size).toBe(pf.sriov.vfs.length);
    expect(groups.has(pf.iommuGroup)).toBe(false);
  });

  it('has a GPU whose audio function (.1) shares its IOMMU group', () => {
    const gpu = hw.pciDevices.find((d) => d.pciClass === 'display')!;
    expect(gpu.vendor).toBe('NVIDIA Corporation');
    expect(gpu.address).toMatch(/^0000:[0-9a-f]{2}:00\.0$/);
    const audio = hw.pciDevices.find((d) => d.address === gpu.address.replace(/\.0$/, '.1'))!;
    expect(audio.pciClass).toBe('audio');
    expect(audio.iommuGroup).toBe(gpu.iommuGroup);
    const groupMembers = hw.pciDevices.filter((d) => d.iommuGroup === gpu.iommuGroup);
    expect(groupMembers).toHaveLength(2);
  });

  it('has an NVMe and a USB controller, every device on a real NUMA node', () => {
    expect(hw.pciDevices.some((d) => d.pciClass === 'storage' && d.driver === 'nvme')).toBe(true);
    expect(hw.pciDevices.some((d) => d.pciClass === 'usb')).toBe(true);
    const addrs = hw.pciDevices.map((d) => d.address);
    expect(new Set(addrs).size).toBe(addrs.length);
    for (const d of hw.pciDevices) {
      expect(d.address).toMatch(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/);
      expect([0, 1]).toContain(d.numaNode);
      expect(d.vendorId).toMatch(/^[0-9a-f]{4}$/);
    }
  });
});

describe('hosts differ', () => {
  it('sim1 and sim2 have different CPUs and device addresses', () => {
    const a = hardwareFor('sim1');
    const b = hardwareFor('sim2');
    expect(a.cpuModel).toMatch(/EPYC 7302P/);
    expect(b.cpuModel).toMatch(/Xeon.*Silver 4314/);
    const shared = a.pciDevices.filter((d) => b.pciDevices.some((e) => e.address === d.address));
    expect(shared).toEqual([]);
  });

  it('describes itself as a connected simulated QEMU/KVM host', () => {
    const { host } = makeHost();
    expect(host.getHost()).toMatchObject({
      id: 'sim1',
      name: 'sim1',
      driver: 'simulated',
      uri: 'sim://sim1',
      connection: 'connected',
      hypervisor: 'QEMU/KVM 9.2 (simulated)',
      networks: ['default', 'br0-lan'],
    });
  });
});
