// The simulated host's pools and volumes: what a fresh host has, the volume life cycle, attaching
// to VMs (cold and hot-plug), and persistence across a restart.
import { describe, expect, it } from 'vitest';
import { QCOW2_INITIAL_ALLOCATION } from '../../../src/shared/storage';
import { makeHost, reload, vmNamed } from '../simulated/memoryStore';
import { GiB } from './helpers';

describe('a fresh host', () => {
  it('has default, vmstore, nfs-isos and scratch, with the VM images in default', async () => {
    const { host } = makeHost();
    const pools = await host.storage.poolList({});
    expect(pools.map((p) => [p.name, p.type, p.state, p.autostart])).toEqual([
      ['default', 'dir', 'active', true],
      ['vmstore', 'logical', 'active', true],
      ['nfs-isos', 'netfs', 'inactive', false],
      ['scratch', 'dir', 'active', true],
    ]);
    const scratch = pools.find((p) => p.name === 'scratch')!;
    expect(scratch).toMatchObject({
      capacityBytes: 20 * GiB,
      allocationBytes: 7.5 * GiB,
      availableBytes: 12.5 * GiB,
      targetPath: '/srv/scratch',
    });
    expect(pools.find((p) => p.name === 'nfs-isos')).toMatchObject({
      capacityBytes: 0,
      source: { host: 'nas.lan', dir: '/export/isos' },
    });
    expect(pools.find((p) => p.name === 'vmstore')!.source).toEqual({
      device: '/dev/sdb, /dev/sdc',
      name: 'vmstore',
    });

    const images = await host.storage.volumeList({ pool: 'default' });
    const pf = await vmNamed(host, 'pfsense');
    expect(images.find((v) => v.name === 'pfsense.qcow2')).toMatchObject({
      path: '/var/lib/libvirt/images/pfsense.qcow2',
      format: 'qcow2',
      capacityBytes: 16 * GiB,
      usedBy: [{ vmId: pf.id, vmName: 'pfsense' }],
    });
    // Disks still show their volumes' sizes.
    expect(pf.disks[0]!.capacityBytes).toBe(16 * GiB);
    const def = pools.find((p) => p.name === 'default')!;
    const sum = images.reduce((n, v) => n + v.allocationBytes, 0);
    expect(def.allocationBytes).toBe(sum);
    expect(def.availableBytes).toBe(def.capacityBytes - sum);
  });

  it('dumps pool and volume XML the way libvirt does', async () => {
    const { host } = makeHost();
    const { xml } = await host.storage.poolGetXml({ pool: 'scratch' });
    expect(xml).toMatch(/^<pool type='dir'>\n {2}<name>scratch<\/name>\n {2}<uuid>/);
    expect(xml).toContain(`<available unit='bytes'>${12.5 * GiB}</available>`);
  });
});

describe('volumes', () => {
  it('creates qcow2 thin and raw fully allocated, and announces it', async () => {
    const { host, events } = makeHost();
    const before = (await host.storage.poolList({})).find((p) => p.name === 'default')!;
    const q = await host.storage.volumeCreate({
      pool: 'default',
      name: 'data-01',
      format: 'qcow2',
      capacityBytes: 10 * GiB,
    });
    expect(q).toEqual({
      pool: 'default',
      name: 'data-01',
      key: '/var/lib/libvirt/images/data-01',
      path: '/var/lib/libvirt/images/data-01',
      format: 'qcow2',
      capacityBytes: 10 * GiB,
      allocationBytes: QCOW2_INITIAL_ALLOCATION,
      usedBy: [],
    });
    expect(events).toEqual([{ type: 'storage-changed', hostId: 'sim1' }]);
    const raw = await host.storage.volumeCreate({
      pool: 'default',
      name: 'data-02.img',
      format: 'raw',
      capacityBytes: 2 * GiB,
    });
    expect(raw.allocationBytes).toBe(2 * GiB);
    const after = (await host.storage.poolList({})).find((p) => p.name === 'default')!;
    expect(after.allocationBytes - before.allocationBytes).toBe(QCOW2_INITIAL_ALLOCATION + 2 * GiB);
  });

  it('makes LVM volumes raw block devices with an LV uuid key', async () => {
    const { host } = makeHost();
    const lv = await host.storage.volumeCreate({
      pool: 'vmstore',
      name: 'lv-01',
      format: 'raw',
      capacityBytes: 8 * GiB,
    });
    expect(lv).toMatchObject({
      path: '/dev/vmstore/lv-01',
      format: 'raw',
      allocationBytes: 8 * GiB,
    });
    expect(lv.key).toMatch(/^\w{6}(-\w{4}){5}-\w{6}$/);
  });

  it('resizes: grows qcow2, shrinks an unused raw volume, and VMs see the new size', async () => {
    const { host, events } = makeHost();
    const pf = await vmNamed(host, 'pfsense');
    events.length = 0;
    const grown = await host.storage.volumeResize({
      pool: 'default',
      name: 'pfsense.qcow2',
      capacityBytes: 20 * GiB,
    });
    expect(grown.capacityBytes).toBe(20 * GiB);
    const vm = await host.vmGet(pf.id);
    expect(vm.disks[0]!.capacityBytes).toBe(20 * GiB);
    expect(events).toEqual([
      { type: 'vm-changed', vm },
      { type: 'storage-changed', hostId: 'sim1' },
    ]);
    const small = await host.storage.volumeResize({
      pool: 'scratch',
      name: 'swap-test.img',
      capacityBytes: 1 * GiB,
    });
    expect(small).toMatchObject({ capacityBytes: GiB, allocationBytes: GiB });
  });

  it('clones with the source’s format and data, and deletes an unused volume', async () => {
    const { host } = makeHost();
    const clone = await host.storage.volumeClone({
      pool: 'scratch',
      name: 'build-cache.qcow2',
      newName: 'build-cache-2.qcow2',
    });
    expect(clone).toMatchObject({
      format: 'qcow2',
      capacityBytes: 10 * GiB,
      allocationBytes: 3.5 * GiB,
      path: '/srv/scratch/build-cache-2.qcow2',
    });
    expect((await host.storage.poolList({}))[3]!.availableBytes).toBe(9 * GiB);
    await host.storage.volumeDelete({ pool: 'scratch', name: 'build-cache-2.qcow2' });
    expect((await host.storage.volumeList({ pool: 'scratch' })).map((v) => v.name)).toEqual([
      'build-cache.qcow2',
      'swap-test.img',
    ]);
  });
});

describe('persistence', () => {
  it('keeps pools and volumes across a restart', async () => {
    const { host, store } = makeHost();
    await host.storage.volumeCreate({
      pool: 'scratch',
      name: 'x',
      format: 'raw',
      capacityBytes: GiB,
    });
    await host.storage.poolSetAutostart({ pool: 'scratch', autostart: false });
    const again = makeHost({ saved: reload(store.last) });
    expect(await again.host.storage.poolList({})).toEqual(await host.storage.poolList({}));
    expect(await again.host.storage.volumeList({ pool: 'scratch' })).toEqual(
      await host.storage.volumeList({ pool: 'scratch' }),
    );
    expect(again.store.saves).toBe(0);
  });

  it('gives a file from before pools the seeded pools, its images in default', async () => {
    const { host, store } = makeHost();
    const file = structuredClone(store.last!);
    delete file.storage;
    file.volumes.push({ path: '/data/elsewhere.qcow2', capacityBytes: 5 * GiB });
    const again = makeHost({ saved: reload(file) });
    const pools = await again.host.storage.poolList({});
    expect(pools.map((p) => p.name)).toEqual(['default', 'vmstore', 'nfs-isos', 'scratch']);
    expect(
      (await again.host.storage.volumeList({ pool: 'default' })).map((v) => v.name).sort(),
    ).toEqual((await host.storage.volumeList({ pool: 'default' })).map((v) => v.name).sort());
    expect(await again.host.vmList()).toEqual(await host.vmList());
    // Rewritten with pools at once; the image outside every pool is still known.
    expect(again.store.last!.storage!.pools).toHaveLength(4);
    expect(again.store.last!.volumes).toContainEqual({
      path: '/data/elsewhere.qcow2',
      capacityBytes: 5 * GiB,
    });
  });

  it('refuses a file whose pool XML is not a pool, saying where', async () => {
    const { store } = makeHost();
    const file = structuredClone(store.last!);
    file.storage!.pools[1]!.xml = '<domain/>';
    expect(() => reload(file)).toThrow(/storage\.pools\[1\]\.xml: Expected a <pool> document/);
    const twice = structuredClone(store.last!);
    twice.storage!.pools[0]!.volumes.push(twice.storage!.pools[0]!.volumes[0]!);
    expect(() => reload(twice)).toThrow(/volume .* appears twice/);
  });
});
