// The simulated host's passthrough: assignment writes the XML libvirt would, start does what
// libvirt + VFIO do (group viability, a device a running VM holds, managed detach/reattach), VF
// counts follow sysfs, and a refusal changes nothing.
import { describe, expect, it } from 'vitest';
import { parseXml, readDomain } from '../../../src/shared/libvirt-xml';
import { makeHost, reload, vmNamed } from '../simulated/memoryStore';
import { BOOT_MS, SHUTDOWN_MS } from '../../../src/main/drivers/simulated/lifecycle';

const GPU = '0000:b1:00.0';
const AUDIO = '0000:b1:00.1';
const A4000 = '0000:c1:00.0';
const A4000_AUDIO = '0000:c1:00.1';
const VF1 = '0000:41:02.1';
const base = { as: 'hostdev' as const, mac: null, vlan: null, wholeGroup: false };

async function device(host: ReturnType<typeof makeHost>['host'], address: string) {
  const inv = await host.hostDevices.hostDeviceList({});
  const d = inv.devices.find((x) => x.address === address);
  if (!d) throw new Error(`no ${address}`);
  return d;
}

describe('the simulated Devices inventory', () => {
  it('lists sim2’s RTX 3080 and its audio function in one group, IOMMU on, Intel', async () => {
    const { host } = makeHost({ hostId: 'sim2' });
    const inv = await host.hostDevices.hostDeviceList({});
    expect(inv).toMatchObject({ iommu: true, cpuVendor: 'intel', vfCountWritable: true });
    const gpu = inv.devices.find((d) => d.address === GPU)!;
    const audio = inv.devices.find((d) => d.address === AUDIO)!;
    expect(gpu.product).toBe('GA102 [GeForce RTX 3080]');
    expect(audio.iommuGroup).toBe(gpu.iommuGroup);
    expect(gpu.users).toEqual([]);
    expect(inv.devices.find((d) => d.bootVga)?.vendor).toBe('ASPEED Technology, Inc.');
  });

  it('gives each VF its index on the PF', async () => {
    const { host } = makeHost();
    expect((await device(host, VF1)).vfIndex).toBe(1);
    expect((await device(host, '0000:41:00.0')).netdev).toBe('enp65s0f0');
  });
});

describe('assigning sim2’s RTX 3080 to win11-gaming', () => {
  it('offers the audio function, writes both hostdevs, starts, and shows both in use', async () => {
    const { host, clock, events } = makeHost({ hostId: 'sim2' });
    const win = await vmNamed(host, 'win11-gaming');
    const check = await host.hostDevices.hostDeviceCheck({ vmId: win.id, address: GPU, ...base });
    expect(check.groupMembers).toEqual([AUDIO]);
    expect(check.conflicts).toEqual([]);
    const r = await host.hostDevices.hostDeviceAssign({
      vmId: win.id,
      address: GPU,
      ...base,
      wholeGroup: true,
    });
    expect(r).toMatchObject({ assigned: [GPU, AUDIO], live: false });
    const { xml } = await host.vmGetXml(win.id);
    const view = readDomain(parseXml(xml));
    expect(view.hostdevs.map((h) => [h.type, h.managed, h.pciAddress])).toEqual([
      ['pci', true, GPU],
      ['pci', true, AUDIO],
    ]);
    expect(xml).toContain(
      "<hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0xb1' slot='0x00' function='0x0'/>",
    );
    events.length = 0;
    await host.vmStart(win.id);
    clock.advance(BOOT_MS);
    expect((await host.vmGet(win.id)).state).toBe('running');
    expect(events.some((e) => e.type === 'host-changed')).toBe(true);
    for (const a of [GPU, AUDIO])
      expect((await device(host, a)).users).toEqual([
        { vmId: win.id, vmName: 'win11-gaming', running: true, as: 'hostdev' },
      ]);
  });

  it('names win11-gaming when the same GPU is picked for another VM', async () => {
    const { host } = makeHost({ hostId: 'sim2' });
    const win = await vmNamed(host, 'win11-gaming');
    const dev = await vmNamed(host, 'dev-debian');
    await host.hostDevices.hostDeviceAssign({
      vmId: win.id,
      address: GPU,
      ...base,
      wholeGroup: true,
    });
    const defined = await host.hostDevices.hostDeviceCheck({ vmId: dev.id, address: GPU, ...base });
    expect(defined.conflicts).toContainEqual({
      kind: 'used-defined',
      severity: 'warning',
      message:
        '0000:b1:00.0 is also assigned to win11-gaming: dev-debian and win11-gaming cannot run at the same time.',
    });
    // dev-debian is paused (active): a GPU cannot be hot-plugged either.
    expect(defined.conflicts[0]).toMatchObject({ kind: 'hotplug-gpu', severity: 'refuse' });
    await host.vmStart(win.id);
    const running = await host.hostDevices.hostDeviceCheck({ vmId: dev.id, address: GPU, ...base });
    expect(running.conflicts).toContainEqual({
      kind: 'used-running',
      severity: 'refuse',
      message:
        '0000:b1:00.0 is in use by win11-gaming, which is running: shut it down or remove the device from it first.',
    });
  });

  it('refuses to start a second VM holding the GPU with libvirt’s wording', async () => {
    const { host } = makeHost({ hostId: 'sim2' });
    const win = await vmNamed(host, 'win11-gaming');
    const other = await host.vmCreate({
      name: 'gpu-2',
      vcpus: 2,
      memoryMiB: 1024,
      diskGiB: 0,
      network: 'default',
    });
    await host.hostDevices.hostDeviceAssign({
      vmId: win.id,
      address: GPU,
      ...base,
      wholeGroup: true,
    });
    await host.hostDevices.hostDeviceAssign({
      vmId: other.id,
      address: GPU,
      ...base,
      wholeGroup: true,
    });
    await host.vmStart(win.id);
    await expect(host.vmStart(other.id)).rejects.toMatchObject({
      code: 'HOST_ERROR',
      message:
        'Requested operation is not valid: PCI device 0000:b1:00.0 is in use by driver QEMU, domain win11-gaming',
    });
    expect((await host.vmGet(other.id)).state).toBe('shutoff');
  });
});

describe('group viability and managed detach/reattach on sim1', () => {
  it('warns of the audio function bound to snd_hda_intel, and start refuses without it', async () => {
    const { host, clock } = makeHost();
    const k3s = await vmNamed(host, 'k3s-node-1');
    const check = await host.hostDevices.hostDeviceCheck({ vmId: k3s.id, address: A4000, ...base });
    expect(check.conflicts).toContainEqual({
      kind: 'group-host-driver',
      severity: 'warning',
      message:
        'IOMMU group 50 also holds 0000:c1:00.1 (GA104 High Definition Audio Controller), bound to snd_hda_intel: k3s-node-1 cannot start while the host keeps it. Assign the whole group.',
    });
    await host.hostDevices.hostDeviceAssign({ vmId: k3s.id, address: A4000, ...base });
    await expect(host.vmStart(k3s.id)).rejects.toMatchObject({
      message:
        'internal error: qemu unexpectedly closed the monitor: vfio 0000:c1:00.0: group 50 is not viable. Please ensure all devices within the iommu_group are bound to their vfio bus driver.',
    });
    // With the whole group, managed='yes' moves both to vfio-pci at start and back at stop.
    await host.hostDevices.hostDeviceAssign({ vmId: k3s.id, address: A4000_AUDIO, ...base });
    await host.vmStart(k3s.id);
    expect((await device(host, A4000)).driver).toBe('vfio-pci');
    expect((await device(host, A4000_AUDIO)).driver).toBe('vfio-pci');
    expect(host.getHost().hardware?.pciDevices.find((d) => d.address === A4000)?.driver).toBe(
      'vfio-pci',
    );
    await host.vmForceOff(k3s.id);
    clock.advance(SHUTDOWN_MS);
    expect((await device(host, A4000)).driver).toBe('nvidia');
    expect((await device(host, A4000_AUDIO)).driver).toBe('snd_hda_intel');
  });
});

describe('an X710 VF as an interface, hot-plugged', () => {
  it('writes MAC and VLAN into the running VM and its definition', async () => {
    const { host, events } = makeHost();
    const nc = await vmNamed(host, 'nextcloud');
    const check = await host.hostDevices.hostDeviceCheck({
      vmId: nc.id,
      address: VF1,
      ...base,
      as: 'interface',
    });
    expect(check).toEqual({ conflicts: [], groupMembers: [], live: true });
    events.length = 0;
    const r = await host.hostDevices.hostDeviceAssign({
      vmId: nc.id,
      address: VF1,
      ...base,
      as: 'interface',
      mac: '52:54:00:aa:bb:cc',
      vlan: 42,
    });
    expect(r.live).toBe(true);
    const { xml, liveXml } = await host.vmGetXml(nc.id);
    for (const doc of [xml, liveXml!]) {
      const nic = readDomain(parseXml(doc)).interfaces.find((n) => n.type === 'hostdev');
      expect(nic).toMatchObject({
        mac: '52:54:00:aa:bb:cc',
        sourcePciAddress: VF1,
        vlanTag: 42,
        managed: true,
      });
    }
    const vf = await device(host, VF1);
    expect(vf.driver).toBe('vfio-pci');
    expect(vf.users).toEqual([
      {
        vmId: nc.id,
        vmName: 'nextcloud',
        running: true,
        as: 'interface',
        mac: '52:54:00:aa:bb:cc',
        vlan: 42,
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['vm-changed', 'host-changed']);
    // Remove takes it out of both definitions; the VF goes back to iavf.
    const removed = await host.hostDevices.hostDeviceRemove({ vmId: nc.id, address: VF1 });
    expect(removed.live).toBe(true);
    expect((await host.vmGetXml(nc.id)).xml).not.toContain("type='hostdev'");
    expect((await device(host, VF1)).driver).toBe('iavf');
  });
});

describe('VF counts', () => {
  it('follows sriov_numvfs: ≤ total, through 0, not while a VF is in use; persisted', async () => {
    const { host, store } = makeHost();
    const pf = '0000:41:00.0';
    await expect(
      host.hostDevices.hostDeviceSetVfCount({ address: pf, count: 65 }),
    ).rejects.toMatchObject({ message: '0000:41:00.0 has at most 64 VFs (sriov_totalvfs).' });
    await expect(
      host.hostDevices.hostDeviceSetVfCount({ address: pf, count: 8 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message:
        '0000:41:00.0 has 4 VFs: set the count to 0 first, then to 8 (the kernel changes a non-zero sriov_numvfs only through 0).',
    });
    const nc = await vmNamed(host, 'nextcloud');
    await host.hostDevices.hostDeviceAssign({ vmId: nc.id, address: VF1, ...base });
    await expect(
      host.hostDevices.hostDeviceSetVfCount({ address: pf, count: 0 }),
    ).rejects.toMatchObject({
      message:
        'VF 0000:41:02.1 of 0000:41:00.0 is in use by nextcloud, which is running: the VF count cannot change while a VF is in use.',
    });
    const second = await host.hostDevices.hostDeviceSetVfCount({
      address: '0000:41:00.1',
      count: 2,
    });
    expect(
      second.devices.filter((d) => d.sriov?.role === 'vf' && d.sriov.pf === '0000:41:00.1'),
    ).toHaveLength(2);
    const again = makeHost({ saved: reload(store.last) });
    const inv = await again.host.hostDevices.hostDeviceList({});
    expect(inv.devices.find((d) => d.address === '0000:41:00.1')?.sriov).toMatchObject({
      vfs: ['0000:41:0a.0', '0000:41:0a.1'],
    });
  });

  it('refuses a VF beyond the PF’s count, and a VF network on a PF without VFs', async () => {
    const { host } = makeHost();
    const k3s = await vmNamed(host, 'k3s-node-1');
    await expect(
      host.hostDevices.hostDeviceAssign({ vmId: k3s.id, address: '0000:41:02.6', ...base }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message:
        '0000:41:02.6 is a VF of 0000:41:00.0, which has no VFs enabled at that index: raise its VF count first.',
    });
    await expect(
      host.hostDevices.hostDeviceCreateVfNetwork({ address: '0000:41:00.1', name: 'vf-pool' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const net = await host.hostDevices.hostDeviceCreateVfNetwork({
      address: '0000:41:00.0',
      name: 'vf-pool',
    });
    expect(net.xml).toBe(
      "<network>\n  <name>vf-pool</name>\n  <forward mode='hostdev' managed='yes'>\n    <pf dev='enp65s0f0'/>\n  </forward>\n</network>\n",
    );
    expect(host.getHost().networks).toContain('vf-pool');
  });
});

describe('refusals change nothing', () => {
  it('leaves the XML as it was when the GPU is refused for a running VM', async () => {
    const { host, store } = makeHost({ hostId: 'sim2' });
    const plex = await vmNamed(host, 'plex');
    const before = await host.vmGetXml(plex.id);
    const saves = store.saves;
    await expect(
      host.hostDevices.hostDeviceAssign({ vmId: plex.id, address: GPU, ...base, wholeGroup: true }),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: 'plex is running: a GPU can be assigned only while the VM is shut off.',
    });
    expect(await host.vmGetXml(plex.id)).toEqual(before);
    expect(store.saves).toBe(saves);
  });
});

describe('the saved device state', () => {
  it('refuses a file whose VF counts are not whole numbers, saying where', async () => {
    const { host, store } = makeHost();
    await host.hostDevices.hostDeviceSetVfCount({ address: '0000:41:00.1', count: 1 });
    const file = JSON.parse(JSON.stringify(store.last)) as { devices: { vfCounts: object } };
    expect(file.devices.vfCounts).toEqual({ '0000:41:00.1': 1 });
    file.devices.vfCounts = { '0000:41:00.1': -1 };
    expect(() => reload(file as never)).toThrow(
      'devices.vfCounts.0000:41:00.1 is not a whole number ≥ 0',
    );
  });
});

describe('nodedev-detach / nodedev-reattach on the simulated host', () => {
  it('binds the audio function to vfio-pci so the GPU alone is viable; refused while held', async () => {
    const { host, store, events } = makeHost();
    const k3s = await vmNamed(host, 'k3s-node-1');
    await host.hostDevices.hostDeviceAssign({ vmId: k3s.id, address: A4000, ...base });
    events.length = 0;
    const inv = await host.hostDevices.hostDeviceBind({ address: A4000_AUDIO, driver: 'vfio-pci' });
    expect(inv.devices.find((d) => d.address === A4000_AUDIO)?.driver).toBe('vfio-pci');
    expect(events.map((e) => e.type)).toEqual(['host-changed']);
    const check = await host.hostDevices.hostDeviceCheck({ vmId: k3s.id, address: A4000, ...base });
    expect(check.conflicts.map((c) => c.kind)).not.toContain('group-host-driver');
    await host.vmStart(k3s.id);
    await expect(
      host.hostDevices.hostDeviceBind({ address: A4000, driver: 'host' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message:
        '0000:c1:00.0 is in use by k3s-node-1, which is running: it stays on vfio-pci until the VM stops.',
    });
    const again = makeHost({ saved: reload(store.last) });
    expect((await device(again.host, A4000_AUDIO)).driver).toBe('vfio-pci');
  });

  it('gives sim2’s pre-bound RTX 3080 back to nvidia', async () => {
    const { host } = makeHost({ hostId: 'sim2' });
    await host.hostDevices.hostDeviceBind({ address: GPU, driver: 'host' });
    expect((await device(host, GPU)).driver).toBe('nvidia');
    expect((await device(host, AUDIO)).driver).toBe('vfio-pci');
  });
});
