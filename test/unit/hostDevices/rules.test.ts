// The passthrough rules on their own: every conflict the Add host device dialog can show, the
// sysfs VF count rules and what start refuses, on hand-made hosts.
import { describe, expect, it } from 'vitest';
import type { HostDevice, HostFacts, VmFacts } from '../../../src/shared/hostDevices';
import {
  assertAssignable,
  checkAssign,
  checkBind,
  checkVfCount,
  cpuVendorOf,
  kernelParams,
  startRefusal,
} from '../../../src/shared/hostDevices';

function dev(address: string, extra: Partial<HostDevice> = {}): HostDevice {
  return {
    address,
    vendor: 'V',
    product: `P${address.slice(-4)}`,
    vendorId: '1234',
    productId: '5678',
    pciClass: 'network',
    driver: 'vfio-pci',
    iommuGroup: Number(address.slice(5, 7)),
    numaNode: 0,
    users: [],
    ...extra,
  };
}

const vm: VmFacts = { id: 'vm-1', name: 'router', active: false, numaNodes: [] };
const req = { as: 'hostdev' as const, mac: null, vlan: null, wholeGroup: false };
const host = (devices: HostDevice[], more: Partial<HostFacts> = {}): HostFacts => ({
  name: 'box',
  iommu: true,
  cpuVendor: 'amd',
  devices,
  ...more,
});

describe('checkAssign', () => {
  it('refuses everything with IOMMU off, naming the kernel parameters for the CPU vendor', () => {
    const amd = checkAssign(host([dev('0000:01:00.0')], { iommu: false }), vm, {
      ...req,
      address: '0000:01:00.0',
    });
    expect(amd.conflicts).toEqual([
      {
        kind: 'iommu-off',
        severity: 'refuse',
        message:
          'IOMMU is off on box: PCI passthrough needs it. Turn on AMD-Vi in the firmware, add amd_iommu=on iommu=pt to the kernel command line and reboot the host.',
      },
    ]);
    const intel = checkAssign(host([], { iommu: false, cpuVendor: 'intel' }), vm, {
      ...req,
      address: '0000:01:00.0',
    });
    expect(intel.conflicts[0]?.message).toContain('VT-d');
    expect(intel.conflicts[0]?.message).toContain('intel_iommu=on iommu=pt');
    expect(() => assertAssignable(intel)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('offers group members, warning when they stay on a host driver', () => {
    const gpu = dev('0000:60:00.0', { pciClass: 'display', driver: 'nvidia' });
    const audio = dev('0000:60:00.1', { pciClass: 'audio', driver: 'snd_hda_intel' });
    const one = checkAssign(host([gpu, audio]), vm, { ...req, address: gpu.address });
    expect(one.groupMembers).toEqual([audio.address]);
    expect(one.conflicts.map((c) => [c.kind, c.severity])).toEqual([
      ['group-host-driver', 'warning'],
    ]);
    const whole = checkAssign(host([gpu, audio]), vm, {
      ...req,
      address: gpu.address,
      wholeGroup: true,
    });
    expect(whole.conflicts).toEqual([]);
    expect(
      startRefusal(host([gpu, audio]), vm, [
        { address: gpu.address, as: 'hostdev', managed: true },
      ]),
    ).toMatch(/group 60 is not viable/);
    expect(
      startRefusal(host([gpu, audio]), vm, [
        { address: gpu.address, as: 'hostdev', managed: true },
        { address: audio.address, as: 'hostdev', managed: true },
      ]),
    ).toBeNull();
  });

  it('refuses a device a running VM holds and warns of one only defined', () => {
    const d = dev('0000:01:00.0', {
      users: [
        { vmId: 'a', vmName: 'alpha', running: true, as: 'hostdev' },
        { vmId: 'b', vmName: 'beta', running: false, as: 'hostdev' },
      ],
    });
    const c = checkAssign(host([d]), vm, { ...req, address: d.address });
    expect(c.conflicts).toEqual([
      {
        kind: 'used-running',
        severity: 'refuse',
        message:
          '0000:01:00.0 is in use by alpha, which is running: shut it down or remove the device from it first.',
      },
      {
        kind: 'used-defined',
        severity: 'warning',
        message:
          '0000:01:00.0 is also assigned to beta: router and beta cannot run at the same time.',
      },
    ]);
    expect(() => assertAssignable(c)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('refuses a device the VM already has, and an interface that is not a NIC', () => {
    const d = dev('0000:01:00.0', {
      pciClass: 'storage',
      users: [{ vmId: vm.id, vmName: vm.name, running: false, as: 'hostdev' }],
    });
    const c = checkAssign(host([d]), vm, { ...req, as: 'interface', address: d.address });
    expect(c.conflicts.map((x) => x.message)).toEqual([
      '0000:01:00.0 is already assigned to router.',
      '0000:01:00.0 (P00.0) is not a network function: only a NIC or an SR-IOV VF can be an interface.',
    ]);
  });

  it('warns of a PF without VFs, the boot GPU and a NUMA node away from the pinned vCPUs', () => {
    const pf = dev('0000:02:00.0', { sriov: { role: 'pf', maxVfs: 8, vfs: [] }, numaNode: 1 });
    const vga = dev('0000:03:00.0', { pciClass: 'display', driver: 'ast', bootVga: true });
    const pinned = { ...vm, numaNodes: [0] };
    expect(checkAssign(host([pf]), pinned, { ...req, address: pf.address }).conflicts).toEqual([
      {
        kind: 'vf-disabled',
        severity: 'warning',
        message:
          '0000:02:00.0 is an SR-IOV PF with no VFs enabled: assigning it takes the whole port from the host. Set its VF count to hand out VFs instead.',
      },
      {
        kind: 'numa',
        severity: 'warning',
        message:
          "0000:02:00.0 is on NUMA node 1, but router's vCPUs and memory are pinned to node 0: its DMA and interrupts cross the interconnect.",
      },
    ]);
    expect(checkAssign(host([vga]), vm, { ...req, address: vga.address }).conflicts).toEqual([
      {
        kind: 'boot-gpu',
        severity: 'warning',
        message:
          "0000:03:00.0 (P00.0) is box's boot GPU: the host loses its console while router runs.",
      },
    ]);
  });

  it('refuses a GPU into a running VM, but hot-plugs a VF', () => {
    const gpu = dev('0000:60:00.0', { pciClass: 'display' });
    const vf = dev('0000:41:02.0', { sriov: { role: 'vf', pf: '0000:41:00.0' } });
    const running = { ...vm, active: true };
    expect(checkAssign(host([gpu]), running, { ...req, address: gpu.address }).conflicts).toEqual([
      {
        kind: 'hotplug-gpu',
        severity: 'refuse',
        message: 'router is running: a GPU can be assigned only while the VM is shut off.',
      },
    ]);
    expect(
      checkAssign(host([vf]), running, { ...req, as: 'interface', address: vf.address }),
    ).toEqual({
      conflicts: [],
      groupMembers: [],
      live: true,
    });
  });
});

describe('checkVfCount (sysfs sriov_numvfs)', () => {
  const pf = dev('0000:41:00.0', {
    sriov: { role: 'pf', maxVfs: 8, vfs: ['0000:41:02.0', '0000:41:02.1'] },
  });
  const vfs = [
    dev('0000:41:02.0'),
    dev('0000:41:02.1', {
      users: [{ vmId: 'a', vmName: 'alpha', running: true, as: 'interface' }],
    }),
  ];
  it('allows 0, the same count, and any count from 0', () => {
    expect(checkVfCount(pf, 2, [pf])).toBeNull();
    expect(checkVfCount(pf, 0, [pf])).toBeNull();
    expect(checkVfCount({ ...pf, sriov: { role: 'pf', maxVfs: 8, vfs: [] } }, 8, [])).toBeNull();
  });
  it('refuses above the total, a non-zero change, a VF in use, and a non-PF', () => {
    expect(checkVfCount(pf, 9, [pf])).toBe('0000:41:00.0 has at most 8 VFs (sriov_totalvfs).');
    expect(checkVfCount(pf, 4, [pf])).toMatch(/set the count to 0 first, then to 4/);
    expect(checkVfCount(pf, 0, [pf, ...vfs])).toBe(
      'VF 0000:41:02.1 of 0000:41:00.0 is in use by alpha, which is running: the VF count cannot change while a VF is in use.',
    );
    expect(checkVfCount(dev('0000:01:00.0'), 1, [])).toBe(
      '0000:01:00.0 is not an SR-IOV physical function.',
    );
  });
});

describe('checkBind (nodedev-detach / reattach)', () => {
  it('refuses vfio-pci with IOMMU off, a device a running VM holds, and an unknown one', () => {
    const d = dev('0000:01:00.0', {
      driver: 'e1000e',
      users: [{ vmId: 'a', vmName: 'alpha', running: true, as: 'hostdev' }],
    });
    expect(checkBind(host([d], { iommu: false }), d.address, 'vfio-pci')).toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/^IOMMU is off on box/),
    });
    expect(checkBind(host([d]), d.address, 'host')).toEqual({
      code: 'CONFLICT',
      message:
        '0000:01:00.0 is in use by alpha, which is running: it stays on vfio-pci until the VM stops.',
    });
    expect(checkBind(host([]), d.address, 'host')).toEqual({
      code: 'NOT_FOUND',
      message: 'box has no PCI device 0000:01:00.0.',
    });
    expect(checkBind(host([{ ...d, users: [] }], { iommu: false }), d.address, 'host')).toBeNull();
  });
});

describe('startRefusal', () => {
  it('words IOMMU off, a missing device and a device in use as libvirt does', () => {
    const d = dev('0000:01:00.0', {
      users: [{ vmId: 'other', vmName: 'alpha', running: true, as: 'hostdev' }],
    });
    const a = [{ address: d.address, as: 'hostdev' as const, managed: true }];
    expect(startRefusal(host([d], { iommu: false }), vm, a)).toBe(
      "unsupported configuration: host doesn't support passthrough of host PCI devices",
    );
    expect(startRefusal(host([]), vm, a)).toBe(
      'Device 0000:01:00.0 not found: could not access /sys/bus/pci/devices/0000:01:00.0/config: No such file or directory',
    );
    expect(startRefusal(host([d]), vm, a)).toBe(
      'Requested operation is not valid: PCI device 0000:01:00.0 is in use by driver QEMU, domain alpha',
    );
    expect(startRefusal(host([d], { iommu: false }), vm, [])).toBeNull();
  });
});

describe('CPU vendor and kernel parameters', () => {
  it('reads the vendor from the CPU model', () => {
    expect(cpuVendorOf('AMD EPYC 7302P 16-Core Processor')).toBe('amd');
    expect(cpuVendorOf('Intel(R) Xeon(R) Silver 4314')).toBe('intel');
    expect(cpuVendorOf('AuthenticAMD Ryzen')).toBe('amd');
    expect(kernelParams('intel')).toBe('intel_iommu=on iommu=pt');
    expect(kernelParams('amd')).toBe('amd_iommu=on iommu=pt');
  });
});
