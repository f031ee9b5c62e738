// The simulated host's networks: seeded, defined, started, stopped, undefined, with libvirt's
// refusals changing nothing, who uses each, DHCP leases of running VMs, and all of it kept
// across a restart.
import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import { makeHost, reload } from '../simulated/memoryStore';

const lab = {
  kind: 'nat' as const,
  name: 'lab',
  subnet: '10.20.0.0/24',
  dhcpStart: '10.20.0.100',
  dhcpEnd: '10.20.0.199',
  bridge: '',
};

async function refused(run: () => Promise<unknown>, code: string, message: string | RegExp) {
  const e = await run().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  expect((e as VirtdeskError).code).toBe(code);
  expect((e as VirtdeskError).message).toMatch(message);
}

describe('simulated networks', () => {
  it('starts with default (NAT on virbr0) and br0-lan (a host bridge), both running', async () => {
    const { host } = makeHost();
    const list = await host.networks.networkList();
    expect(list.map((n) => [n.name, n.kind, n.bridge, n.active, n.autostart])).toEqual([
      ['default', 'nat', 'virbr0', true, true],
      ['br0-lan', 'bridge', 'br0', true, true],
    ]);
    expect(host.getHost().networks).toEqual(['default', 'br0-lan']);
    expect(host.getHost().capabilities.networks).toBe(true);
  });

  it('defines, starts, toggles autostart, stops and undefines a NAT network', async () => {
    const { host, events } = makeHost();
    const n = await host.networks.networkDefine({ spec: lab });
    expect(n).toMatchObject({
      name: 'lab',
      kind: 'nat',
      active: false,
      bridge: 'virbr1',
      addresses: [
        {
          address: '10.20.0.1',
          prefix: 24,
          dhcpRange: { start: '10.20.0.100', end: '10.20.0.199' },
        },
      ],
    });
    expect(events.map((e) => e.type)).toEqual(['networks-changed', 'host-changed']);
    expect(host.getHost().networks).toContain('lab');
    expect((await host.networks.networkStart({ network: 'lab' })).active).toBe(true);
    expect(
      (await host.networks.networkSetAutostart({ network: 'lab', autostart: true })).autostart,
    ).toBe(true);
    const { xml } = await host.networks.networkGetXml({ network: 'lab' });
    expect(xml).toContain("<bridge name='virbr1' stp='on' delay='0'/>");
    expect((await host.networks.networkStop({ network: 'lab' })).active).toBe(false);
    await host.networks.networkUndefine({ network: 'lab' });
    expect(host.getHost().networks).not.toContain('lab');
  });

  it("refuses in libvirt's words and changes nothing", async () => {
    const { host, store } = makeHost();
    await host.networks.networkDefine({ spec: lab });
    const saves = store.saves;
    await refused(
      () =>
        host.networks.networkDefine({
          spec: { ...lab, subnet: '10.30.0.0/24', dhcpStart: '', dhcpEnd: '' },
        }),
      'CONFLICT',
      /^operation failed: network 'lab' already exists with uuid [0-9a-f-]{36}$/,
    );
    await refused(
      () => host.networks.networkDefine({ spec: { ...lab, name: 'lab2', bridge: 'virbr0' } }),
      'CONFLICT',
      "bridge name 'virbr0' already in use.",
    );
    await refused(
      () => host.networks.networkDefine({ spec: { ...lab, name: 'lab2' } }),
      'CONFLICT',
      'Subnet 10.20.0.0/24 overlaps network lab (10.20.0.0/24).',
    );
    await refused(
      () => host.networks.networkDefine({ spec: { kind: 'bridge', name: 'x', bridge: 'br7' } }),
      'INVALID_INPUT',
      'The host has no bridge br7: choose br0, br-storage.',
    );
    await refused(
      () => host.networks.networkStart({ network: 'default' }),
      'INVALID_STATE',
      "Requested operation is not valid: network 'default' is already active",
    );
    await refused(
      () => host.networks.networkStop({ network: 'lab' }),
      'INVALID_STATE',
      "Requested operation is not valid: network 'lab' is not active",
    );
    await refused(
      () => host.networks.networkUndefine({ network: 'default' }),
      'INVALID_STATE',
      'Network default is active: stop it before removing its definition.',
    );
    await refused(
      () => host.networks.networkStart({ network: 'nope' }),
      'NOT_FOUND',
      "Network not found: no network with matching name 'nope'",
    );
    expect(store.saves).toBe(saves);
    expect((await host.networks.networkList()).map((n) => n.name)).toEqual([
      'default',
      'br0-lan',
      'lab',
    ]);
  });

  it('a new VM joins a defined network; it is named as a user and gets a lease while running', async () => {
    const { host, clock } = makeHost();
    await host.networks.networkDefine({ spec: lab });
    await host.networks.networkStart({ network: 'lab' });
    const vm = await host.vmCreate({
      name: 'on-lab',
      vcpus: 1,
      memoryMiB: 512,
      diskGiB: 0,
      network: 'lab',
    });
    expect(vm.nics).toMatchObject([{ type: 'network', source: 'lab' }]);
    let n = (await host.networks.networkList()).find((x) => x.name === 'lab');
    expect(n?.usedBy).toEqual([{ vmId: vm.id, vmName: 'on-lab', running: false }]);
    expect(await host.networks.networkLeases({ network: 'lab' })).toEqual([]);
    await host.vmStart(vm.id);
    clock.advance(60_000);
    n = (await host.networks.networkList()).find((x) => x.name === 'lab');
    expect(n?.usedBy[0]?.running).toBe(true);
    const leases = await host.networks.networkLeases({ network: 'lab' });
    expect(leases).toMatchObject([
      { mac: vm.nics[0]?.mac, ip: '10.20.0.100', prefix: 24, hostname: 'on-lab' },
    ]);
    await refused(
      () => host.vmCreate({ name: 'x', vcpus: 1, memoryMiB: 512, diskGiB: 0, network: 'gone' }),
      'INVALID_INPUT',
      /has no network "gone"; it has default, br0-lan, lab/,
    );
  });

  it('keeps networks across a restart; an older file gets the seeded ones', async () => {
    const first = makeHost();
    await first.host.networks.networkDefine({ spec: lab });
    await first.host.networks.networkSetAutostart({ network: 'lab', autostart: true });
    await first.host.close();
    const again = makeHost({ saved: reload(first.store.last) });
    const lab2 = (await again.host.networks.networkList()).find((n) => n.name === 'lab');
    expect(lab2).toMatchObject({ active: false, autostart: true, bridge: 'virbr1' });
    const old = structuredClone(first.store.last);
    if (old) delete old.networks;
    const seeded = makeHost({ saved: reload(old) });
    expect((await seeded.host.networks.networkList()).map((n) => n.name)).toEqual([
      'default',
      'br0-lan',
    ]);
    // Written back at once, so the next start reads them from the file.
    expect(seeded.store.last?.networks?.length).toBe(2);
  });
});
