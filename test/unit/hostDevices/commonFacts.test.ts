// The pieces both drivers' hostDevices groups share (drivers/common/hostDeviceFacts.ts): the
// inventory, an assignment refused before any write, and the PF a VF network is made for.
import { describe, expect, it } from 'vitest';
import {
  assignableMembers,
  inventoryOf,
  vfNetworkPf,
} from '../../../src/main/drivers/common/hostDeviceFacts';
import type { HostDevice, HostFacts, VmFacts } from '../../../src/shared/hostDevices';

function dev(address: string, extra: Partial<HostDevice> = {}): HostDevice {
  return {
    address,
    vendor: 'V',
    product: 'P',
    vendorId: '1234',
    productId: '5678',
    pciClass: 'network',
    driver: 'vfio-pci',
    iommuGroup: 7,
    numaNode: 0,
    users: [],
    ...extra,
  };
}

const PF = dev('0000:41:00.0', {
  netdev: 'enp65s0f0',
  sriov: { role: 'pf', maxVfs: 4, vfs: ['0000:41:10.0'] },
});
const BARE_PF = dev('0000:42:00.0', { sriov: { role: 'pf', maxVfs: 4, vfs: [] }, iommuGroup: 8 });
const FACTS: HostFacts = {
  name: 'h1',
  iommu: true,
  cpuVendor: 'intel',
  devices: [PF, dev('0000:41:00.1'), BARE_PF],
};
const VM: VmFacts = { id: 'vm1', name: 'web', active: false, numaNodes: [] };

describe('hostDeviceFacts', () => {
  it('gives the inventory with the driver’s VF-count flag and a copy of the device list', () => {
    const inv = inventoryOf(FACTS, false);
    expect(inv).toMatchObject({ iommu: true, cpuVendor: 'intel', vfCountWritable: false });
    expect(inv.devices).toEqual(FACTS.devices);
    expect(inv.devices).not.toBe(FACTS.devices);
  });

  it('gives the group members only when the whole group is asked for', () => {
    const req = { address: '0000:41:00.1', as: 'hostdev' as const, mac: null, vlan: null };
    expect(assignableMembers(FACTS, VM, { ...req, wholeGroup: false })).toEqual([]);
    expect(assignableMembers(FACTS, VM, { ...req, wholeGroup: true })).toEqual(['0000:41:00.0']);
  });

  it('refuses an assignment the rules refuse (IOMMU off)', () => {
    const req = {
      address: '0000:41:00.1',
      as: 'hostdev' as const,
      mac: null,
      vlan: null,
      wholeGroup: false,
    };
    expect(() => assignableMembers({ ...FACTS, iommu: false }, VM, req)).toThrow(/IOMMU/);
  });

  it('finds the PF of a VF network, refusing a non-PF and a PF without VFs', () => {
    expect(vfNetworkPf(FACTS.devices, PF.address).netdev).toBe('enp65s0f0');
    expect(() => vfNetworkPf(FACTS.devices, '0000:41:00.1')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => vfNetworkPf(FACTS.devices, BARE_PF.address)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => vfNetworkPf([{ ...BARE_PF, netdev: 'eth9' }], BARE_PF.address)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});
