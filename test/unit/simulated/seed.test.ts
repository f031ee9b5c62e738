import { describe, expect, it } from 'vitest';
import { BOOT_MS, parseSimHostFile } from '../../../src/main/drivers/simulated';
import { makeHost, vmNamed } from './memoryStore';

describe('seeded hosts', () => {
  it.each([
    ['sim1', ['pfsense', 'nextcloud', 'home-assistant', 'k3s-node-1', 'k3s-node-2']],
    ['sim2', ['win11-gaming', 'plex', 'pihole', 'dev-debian']],
  ])('%s starts with a homelab in a mix of states', async (hostId, names) => {
    const { host, store } = makeHost({ hostId });
    const vms = await host.listVms();
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

  it('adds generated VMs for benchmarks, fast and as one save', async () => {
    const t0 = performance.now();
    const { host, store } = makeHost({ extra: 500 });
    const elapsed = performance.now() - t0;
    const vms = await host.listVms();
    expect(vms).toHaveLength(505);
    expect(vms[5]!.name).toBe('vm-0001');
    expect(vms[504]!.name).toBe('vm-0500');
    expect(store.saves).toBe(1);
    expect(elapsed).toBeLessThan(500);
  });
});

describe('restoring a saved host', () => {
  it('keeps states, finishes a power-off in progress and resumes a boot', async () => {
    const first = makeHost();
    const plex = await vmNamed(first.host, 'nextcloud');
    const k3s = await vmNamed(first.host, 'k3s-node-1');
    const pf = await vmNamed(first.host, 'pfsense');
    await first.host.start(k3s.id);
    await first.host.shutdown(pf.id);
    const saved = parseSimHostFile(JSON.parse(JSON.stringify(first.store.last)), 'sim1');

    const second = makeHost({ saved });
    expect(await second.host.getVm(plex.id)).toMatchObject({ state: 'running', guest: 'up' });
    expect(await second.host.getVm(pf.id)).toMatchObject({ state: 'shutoff', guest: null });
    expect(await second.host.getVm(k3s.id)).toMatchObject({ state: 'running', guest: 'booting' });
    expect((await vmNamed(second.host, 'home-assistant')).state).toBe('paused');
    // The normalised state is saved, so a second restart agrees.
    expect(second.store.last!.vms.find((v) => v.id === pf.id)!.state).toBe('shutoff');
    second.clock.advance(BOOT_MS);
    expect((await second.host.getVm(k3s.id)).guest).toBe('up');
    // MACs in use are remembered, so new VMs do not reuse them.
    const vm = await second.host.defineVm({
      name: 'new',
      vcpus: 1,
      memoryMiB: 512,
      diskGiB: 0,
      network: 'default',
    });
    const macs = (await second.host.listVms()).flatMap((v) => v.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(macs.length);
    expect(vm.nics).toHaveLength(1);
  });

  it('does not re-save a host that needed no changes', () => {
    const first = makeHost();
    const second = makeHost({ saved: first.store.last });
    expect(second.store.saves).toBe(0);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- these tests spoil arbitrary JSON
type Json = any;

describe('parseSimHostFile', () => {
  const good = (): Json => JSON.parse(JSON.stringify(makeHost().store.last));

  it.each([
    ['a wrong version', (f: Json) => (f.version = 2), /version is 2, expected 1/],
    ['another host', (f: Json) => (f.hostId = 'sim2'), /belongs to host sim2/],
    ['a bad state', (f: Json) => (f.vms[0].state = 'exploded'), /vms\[0\]\.state is not one of/],
    ['a missing name', (f: Json) => delete f.vms[1].name, /vms\[1\]\.name is not a string/],
    ['a bad disk', (f: Json) => (f.vms[0].disks[0].bus = 'usb'), /vms\[0\]\.disks\[0\]\.bus/],
    ['negative vcpus', (f: Json) => (f.vms[0].vcpus = -1), /vcpus is not a whole number/],
    ['a duplicate id', (f: Json) => (f.vms[1].id = f.vms[0].id), /appears twice/],
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
