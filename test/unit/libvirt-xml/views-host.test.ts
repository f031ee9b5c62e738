import { describe, expect, it } from 'vitest';
import {
  readCapabilities,
  readNodedev,
  sriovRoleOf,
  pciClassOf,
} from '../../../src/shared/libvirt-xml';
import { parseFixture } from './fixtures';

// Expected values below were read by hand from the named fixture files.

const nodedev = (rel: string) => readNodedev(parseFixture(`nodedev/${rel}`, 'device'));

describe('nodedev view', () => {
  it('pci_0000_02_10_7_sriov_vfs.xml: a PF listing its virtual functions', () => {
    const d = nodedev('pci_0000_02_10_7_sriov_vfs.xml');
    expect(d.name).toBe('pci_0000_02_10_7');
    expect(d.parent).toBe('pci_0000_00_04_0');
    expect(d.capabilities).toEqual(['pci']);
    const pci = d.pci!;
    expect(pci.address).toBe('0000:02:10.7');
    expect(pci.classCode).toBe(0xffffff);
    expect(pci.virtualFunctions).toEqual({
      addresses: ['0000:02:00.2', '0000:02:00.3', '0000:02:00.4', '0000:02:00.5'],
    });
    expect(pci.physicalFunction).toBeUndefined();
    expect(sriovRoleOf(pci)).toEqual({
      role: 'pf',
      maxVfs: 4,
      vfs: ['0000:02:00.2', '0000:02:00.3', '0000:02:00.4', '0000:02:00.5'],
    });
  });

  it('pci_0000_02_10_7_sriov_zero_vfs_max_count.xml: SR-IOV capable, no VF enabled', () => {
    const pci = nodedev('pci_0000_02_10_7_sriov_zero_vfs_max_count.xml').pci!;
    expect(pci.virtualFunctions).toEqual({ maxCount: 3, addresses: [] });
    expect(sriovRoleOf(pci)).toEqual({ role: 'pf', maxVfs: 3, vfs: [] });
  });

  it('pci_0000_02_10_7_sriov.xml: a VF names its PF', () => {
    const pci = nodedev('pci_0000_02_10_7_sriov.xml').pci!;
    expect(pci.physicalFunction).toBe('0000:02:00.1');
    expect(pci.virtualFunctions).toBeUndefined();
    expect(sriovRoleOf(pci)).toEqual({ role: 'vf', pf: '0000:02:00.1' });
    expect(pci.productId).toBe('0x10ca');
    expect(pci.product).toBe('82576 Virtual Function');
  });

  it('pci_8086_10c9_sriov_pf.xml: an IOMMU group with two functions, vendor/product', () => {
    const d = nodedev('pci_8086_10c9_sriov_pf.xml');
    expect(d.name).toBe('pci_0000_02_00_0');
    const pci = d.pci!;
    expect(pci.address).toBe('0000:02:00.0');
    expect(pci.iommuGroup).toEqual({ number: 12, addresses: ['0000:02:00.0', '0000:02:00.1'] });
    expect(pci.vendorId).toBe('0x8086');
    expect(pci.vendor).toBe('Intel Corporation');
    expect(pci.productId).toBe('0x10c9');
    expect(pci.product).toBe('82576 Gigabit Network Connection');
    expect(pci.numaNode).toBe(0);
    expect(pci.classCode).toBe(0xffffff);
    expect(pci.pciClass).toBe('other');
    expect(sriovRoleOf(pci)).toBeUndefined();
  });

  it('pci_82579LM_network_adapter.xml: bound driver; an empty virt_functions is not SR-IOV', () => {
    const d = nodedev('pci_82579LM_network_adapter.xml');
    expect(d.driver).toBe('e1000e');
    expect(d.pci?.address).toBe('0000:00:19.0');
    expect(d.pci?.virtualFunctions).toEqual({ addresses: [] });
    expect(sriovRoleOf(d.pci!)).toBeUndefined();
  });

  it('pci_0000_42_00_0_vpd.xml: class 0x020000 is a network device', () => {
    const pci = nodedev('pci_0000_42_00_0_vpd.xml').pci!;
    expect(pci.classCode).toBe(0x020000);
    expect(pci.pciClass).toBe('network');
  });

  it('pci_0000_00_02_0_header_type.xml: an out-of-range bus gives no address, not a wrong one', () => {
    const pci = nodedev('pci_0000_00_02_0_header_type.xml').pci!;
    expect(pci.address).toBeUndefined();
    expect(pci.iommuGroup).toEqual({ number: 1, addresses: ['0000:00:02.0'] });
  });

  it('pci_0000_02_10_7_mdev_types.xml: mediated device types', () => {
    const pci = nodedev('pci_0000_02_10_7_mdev_types.xml').pci!;
    expect(pci.mdevTypes).toEqual([
      { id: 'foo1', name: 'bar1', deviceApi: 'vfio-pci', availableInstances: 1 },
      { id: 'foo2', name: 'bar2', deviceApi: 'vfio-pci', availableInstances: 2 },
    ]);
  });

  it('net_00_13_02_b9_f9_d3.xml: a network interface', () => {
    const d = nodedev('net_00_13_02_b9_f9_d3.xml');
    expect(d.capabilities).toEqual(['net']);
    expect(d.net).toEqual({ interface: 'eth0', mac: '00:13:02:b9:f9:d3' });
    expect(d.pci).toBeUndefined();
  });

  it('pciClassOf maps class codes to the model classes', () => {
    expect(pciClassOf(0x030000)).toBe('display');
    expect(pciClassOf(0x040300)).toBe('audio');
    expect(pciClassOf(0x010802)).toBe('storage');
    expect(pciClassOf(0x0c0330)).toBe('usb');
    expect(pciClassOf(0x060400)).toBe('other');
  });
});

describe('capabilities view', () => {
  it('vircaps-x86_64-hmat.xml: two NUMA cells with memory, page pools and CPUs', () => {
    const caps = readCapabilities(parseFixture('capabilities/vircaps-x86_64-hmat.xml'));
    expect(caps.cpu.arch).toBe('x86_64');
    expect(caps.iommu).toBe(false);
    expect(caps.numaCells).toHaveLength(2);
    const [c0, c1] = caps.numaCells;
    expect(c0?.id).toBe(0);
    expect(c0?.memoryKiB).toBe(1048576);
    expect(c0?.pages).toEqual([
      { sizeKiB: 4, count: 2048 },
      { sizeKiB: 2048, count: 4096 },
      { sizeKiB: 1048576, count: 6144 },
    ]);
    expect(c0?.cpus).toHaveLength(24);
    expect(c0?.cpus[1]).toEqual({ id: 1, socketId: 1, dieId: 0, coreId: 0, siblings: '1' });
    expect(c1?.memoryKiB).toBe(2097152);
    expect(c1?.cpus).toEqual([]);
    expect(c1?.pages[2]).toEqual({ sizeKiB: 1048576, count: 8192 });
    expect(caps.totalMemoryKiB).toBe(1048576 + 2097152);
  });

  it('virtmanager_kvm-aarch64.xml: host CPU model, topology, page sizes, distances', () => {
    const caps = readCapabilities(parseFixture('capabilities/virtmanager_kvm-aarch64.xml'));
    expect(caps.hostUuid).toBe('5103525c-cea0-03cb-2f27-aed3d1dea18a');
    expect(caps.cpu).toMatchObject({
      arch: 'aarch64',
      model: 'Neoverse-N1',
      vendor: 'ARM',
      topology: { sockets: 1, dies: 1, clusters: 1, cores: 80, threads: 1 },
      pageSizesKiB: [4, 64, 2048, 32768, 1048576],
    });
    expect(caps.cpu.features.slice(0, 3)).toEqual(['fp', 'asimd', 'evtstrm']);
    expect(caps.iommu).toBe(true);
    const [c0, c1] = caps.numaCells;
    expect(c0?.memoryKiB).toBe(263763320);
    expect(c0?.distances).toEqual([
      { id: 0, value: 10 },
      { id: 1, value: 20 },
    ]);
    expect(c0?.cpus[1]).toEqual({ id: 1, socketId: 56, dieId: 0, coreId: 4609, siblings: '1' });
    expect(c1?.memoryKiB).toBe(262082520);
    expect(c1?.pages[0]).toEqual({ sizeKiB: 4, count: 65520630 });
    expect(c1?.cpus[0]).toMatchObject({ id: 80, socketId: 76, coreId: 70144 });
    expect(caps.totalMemoryKiB).toBe(263763320 + 262082520);
    expect(caps.guests[0]).toMatchObject({
      osType: 'hvm',
      arch: 'armv7l',
      wordsize: 32,
      emulator: '/usr/bin/qemu-system-aarch64',
    });
    expect(caps.guests[0]?.machines.slice(0, 2)).toEqual(['virt-8.2', 'virt']);
  });
});
