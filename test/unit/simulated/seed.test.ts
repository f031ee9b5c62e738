import { describe, expect, it } from 'vitest';
import { BOOT_MS, parseSimHostFile } from '../../../src/main/drivers/simulated';
import { parseXml, readDomain } from '../../../src/shared/libvirt-xml';
import { makeHost, reload, vmNamed } from './memoryStore';

describe('seeded hosts', () => {
  it.each([
    ['sim1', ['pfsense', 'nextcloud', 'home-assistant', 'k3s-node-1', 'k3s-node-2']],
    ['sim2', ['win11-gaming', 'plex', 'pihole', 'dev-debian']],
  ])('%s starts with a homelab in a mix of states', async (hostId, names) => {
    const { host, store } = makeHost({ hostId });
    const vms = await host.vmList();
    expect(vms.map((v) => v.name)).toEqual(names);
    const states = vms.map((v) => v.state);
    expect(states.filter((s) => s === 'running').length).toBeGreaterThanOrEqual(2);
    expect(states.filter((s) => s === 'paused')).toHaveLength(1);
    for (const vm of vms) {
      expect(vm.guest).toBe(vm.state === 'shutoff' ? null : 'up');
      expect(vm.hostId).toBe(hostId);
    }
    // The fresh host is handed to the store straight away so it exists on disk.
    expect(store.last?.vms).toHaveLength(names.length);
  });

  it('seeds a host without VMs of its own as a twin: the same names and states, its own UUIDs and MACs', async () => {
    const sim1 = await makeHost({ hostId: 'sim1' }).host.vmList();
    const twin = await makeHost({ hostId: 'sim3', twinOf: 'sim1' }).host.vmList();
    expect(twin.map((v) => [v.name, v.state])).toEqual(sim1.map((v) => [v.name, v.state]));
    for (const vm of twin) expect(vm.hostId).toBe('sim3');
    const ids = new Set(sim1.map((v) => v.id));
    expect(twin.filter((v) => ids.has(v.id))).toEqual([]);
    const macs = new Set(sim1.flatMap((v) => v.nics.map((n) => n.mac)));
    expect(twin.flatMap((v) => v.nics.filter((n) => macs.has(n.mac)))).toEqual([]);
    // A host with VMs of its own keeps them; without twinOf, sim3 gets the generic three.
    const sim2 = await makeHost({ hostId: 'sim2', twinOf: 'sim1' }).host.vmList();
    expect(sim2.map((v) => v.name)).toContain('plex');
    const plain = await makeHost({ hostId: 'sim3' }).host.vmList();
    expect(plain.map((v) => v.name)).toEqual(['web-01', 'db-01', 'backup']);
  });

  it('adds generated VMs for benchmarks, as one save', async () => {
    const { host, store } = makeHost({ extra: 500 });
    const vms = await host.vmList();
    expect(vms).toHaveLength(505);
    expect(vms[5]!.name).toBe('vm-0001');
    expect(vms[504]!.name).toBe('vm-0500');
    expect(store.saves).toBe(1);
  });

  it('keeps every VM as domain XML whose view is what the list shows', async () => {
    const { host } = makeHost({ hostId: 'sim2' });
    for (const vm of await host.vmList()) {
      const { xml, liveXml } = await host.vmGetXml(vm.id);
      const view = readDomain(parseXml(xml, { root: 'domain' }));
      expect(view).toMatchObject({ type: 'kvm', name: vm.name, uuid: vm.id });
      expect(view.memoryKiB).toBe(vm.memoryKiB);
      expect(view.vcpu?.count).toBe(vm.vcpus);
      expect(view.disks.map((d) => d.sourceFile)).toEqual(vm.disks.map((d) => d.source));
      expect(view.interfaces.map((n) => n.mac)).toEqual(vm.nics.map((n) => n.mac));
      expect(vm.disks.every((d) => d.capacityBytes !== null && d.capacityBytes > 0)).toBe(true);
      // A seeded VM that is running was started from its definition, unchanged since.
      expect(liveXml).toBe(vm.state === 'shutoff' ? null : xml);
      expect(vm.pendingChanges).toBe(false);
    }
  });

  it('gives two seeds the XML an editor must not lose', async () => {
    const pf = makeHost();
    const { xml: pfsense } = await pf.host.vmGetXml((await vmNamed(pf.host, 'pfsense')).id);
    expect(pfsense).toMatch(/^<domain type='kvm'>\n {2}<!-- NIC order matters/);
    expect(pfsense).toContain(
      "<libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>",
    );
    const win = makeHost({ hostId: 'sim2' });
    const { xml } = await win.host.vmGetXml((await vmNamed(win.host, 'win11-gaming')).id);
    const view = readDomain(parseXml(xml));
    expect(view.cputune?.vcpupin).toHaveLength(12);
    expect(view.cputune?.vcpupin[0]).toEqual({ vcpu: 0, cpuset: '20' });
    expect(view.numatune?.memory).toMatchObject({ mode: 'strict', nodeset: '1' });
    expect(view.memoryBacking?.hugepages).toEqual([{ sizeKiB: 1024 * 1024, nodeset: undefined }]);
  });
});

describe('restoring a saved host', () => {
  it('keeps states, finishes a power-off in progress and resumes a boot', async () => {
    const first = makeHost();
    const plex = await vmNamed(first.host, 'nextcloud');
    const k3s = await vmNamed(first.host, 'k3s-node-1');
    const pf = await vmNamed(first.host, 'pfsense');
    await first.host.vmStart(k3s.id);
    await first.host.vmShutdown(pf.id);
    const saved = reload(first.store.last);

    const second = makeHost({ saved });
    expect(await second.host.vmGet(plex.id)).toMatchObject({ state: 'running', guest: 'up' });
    expect(await second.host.vmGet(pf.id)).toMatchObject({ state: 'shutoff', guest: null });
    expect(await second.host.vmGet(k3s.id)).toMatchObject({ state: 'running', guest: 'booting' });
    expect((await vmNamed(second.host, 'home-assistant')).state).toBe('paused');
    // The normalised state is saved, so a second restart agrees.
    const savedPf = second.store.last!.vms.find((v) => v.id === pf.id)!;
    expect(savedPf).toMatchObject({ state: 'shutoff', live: null });
    second.clock.advance(BOOT_MS);
    expect((await second.host.vmGet(k3s.id)).guest).toBe('up');
    // MACs in use are remembered, so new VMs do not reuse them.
    const vm = await second.host.vmCreate({
      name: 'new',
      vcpus: 1,
      memoryMiB: 512,
      diskGiB: 0,
      network: 'default',
    });
    const macs = (await second.host.vmList()).flatMap((v) => v.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(macs.length);
    expect(vm.nics).toHaveLength(1);
  });

  it('does not re-save a host that needed no changes', () => {
    const first = makeHost();
    const second = makeHost({ saved: reload(first.store.last) });
    expect(second.store.saves).toBe(0);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- these tests spoil arbitrary JSON
type Json = any;

describe('parseSimHostFile', () => {
  const good = (): Json => JSON.parse(JSON.stringify(makeHost().store.last));

  it.each([
    ['a wrong version', (f: Json) => (f.version = 3), /version is 3, expected 2/],
    ['another host', (f: Json) => (f.hostId = 'sim2'), /belongs to host sim2/],
    ['a bad state', (f: Json) => (f.vms[0].state = 'exploded'), /vms\[0\]\.state is not one of/],
    ['a missing config', (f: Json) => delete f.vms[1].config, /vms\[1\]\.config is not a string/],
    [
      'config XML that is not well-formed',
      (f: Json) => (f.vms[1].config = f.vms[1].config.replace('</name>', '</nam>')),
      /vms\[1\]\.config: .*\(line 2\)/,
    ],
    [
      'config XML that is not a domain',
      (f: Json) => (f.vms[0].config = '<pool type="dir"/>'),
      /vms\[0\]\.config: Expected a <domain> document, found <pool>/,
    ],
    [
      'a config of another VM',
      (f: Json) => (f.vms[0].config = f.vms[1].config),
      /vms\[0\]\.config has uuid .*, not the VM's id/,
    ],
    [
      'a live definition with a DOCTYPE',
      (f: Json) => (f.vms[0].live = `<!DOCTYPE domain>\n${f.vms[0].live}`),
      /vms\[0\]\.live: /,
    ],
    ['a bad volume', (f: Json) => (f.volumes[0].capacityBytes = -1), /volumes\[0\]\.capacityBytes/],
    ['a duplicate VM', (f: Json) => f.vms.push(f.vms[0]), /VM id .* appears twice/],
    ['vms not a list', (f: Json) => (f.vms = {}), /vms is not a list/],
  ])('refuses %s, saying what is wrong', (_what, spoil, message) => {
    const f = good();
    spoil(f);
    expect(() => parseSimHostFile(f, 'sim1')).toThrow(message);
  });

  it('refuses non-objects', () => {
    expect(() => parseSimHostFile([], 'sim1')).toThrow(/not an object/);
    expect(() => parseSimHostFile(null, 'sim1')).toThrow(/not an object/);
  });
});
