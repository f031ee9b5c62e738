// Pools defined, started, stopped and removed; New VM disks from a pool; deleting a VM deletes
// its volumes.
import { describe, expect, it } from 'vitest';
import { makeHost, vmNamed } from '../simulated/memoryStore';
import { GiB, everyDisk, refusedUnchanged } from './helpers';

const spec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };

describe('pool life cycle', () => {
  it('defines inactive, starts, toggles autostart, stops and undefines a dir pool', async () => {
    const { host, events } = makeHost();
    const p = await host.storage.poolDefine({
      spec: { type: 'dir', name: 'fast', path: '/srv/fast//' },
    });
    expect(p).toMatchObject({
      name: 'fast',
      type: 'dir',
      state: 'inactive',
      autostart: false,
      targetPath: '/srv/fast',
    });
    expect(p.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toEqual([{ type: 'storage-changed', hostId: 'sim1' }]);
    const started = await host.storage.poolStart({ pool: 'fast' });
    expect(started).toMatchObject({
      state: 'active',
      capacityBytes: 500 * GiB,
      availableBytes: 500 * GiB,
    });
    expect((await host.storage.poolSetAutostart({ pool: 'fast', autostart: true })).autostart).toBe(
      true,
    );
    await host.storage.volumeCreate({
      pool: 'fast',
      name: 'v1',
      format: 'raw',
      capacityBytes: GiB,
    });
    expect((await host.storage.poolStop({ pool: 'fast' })).state).toBe('inactive');
    await host.storage.poolUndefine({ pool: 'fast' });
    expect((await host.storage.poolList({})).map((x) => x.name)).not.toContain('fast');

    // The volume's data stayed on the host: a pool defined over the directory finds it again.
    await host.storage.poolDefine({ spec: { type: 'dir', name: 'fast2', path: '/srv/fast' } });
    await host.storage.poolStart({ pool: 'fast2' });
    expect(await host.storage.volumeList({ pool: 'fast2' })).toMatchObject([
      { name: 'v1', capacityBytes: GiB, path: '/srv/fast/v1', format: 'raw' },
    ]);
  });

  it('defines LVM, NFS and RBD pools from their forms', async () => {
    const { host } = makeHost();
    const lvm = await host.storage.poolDefine({
      spec: { type: 'logical', name: 'vg2', vgName: 'vg2', devices: ['/dev/sdd', '/dev/sde'] },
    });
    expect(lvm).toMatchObject({
      targetPath: '/dev/vg2',
      source: { device: '/dev/sdd, /dev/sde', name: 'vg2' },
    });
    const nfs = await host.storage.poolDefine({
      spec: {
        type: 'netfs',
        name: 'nfs2',
        host: 'nas2.lan',
        exportPath: '/tank',
        targetPath: '/mnt/tank',
      },
    });
    expect((await host.storage.poolStart({ pool: nfs.name })).capacityBytes).toBe(4 * 2 ** 40);
    const rbd = await host.storage.poolDefine({
      spec: {
        type: 'rbd',
        name: 'ceph',
        monitorHosts: ['mon1:6789', 'mon2'],
        rbdPool: 'libvirt',
        authUser: 'libvirt',
        secretUuid: '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87',
      },
    });
    expect(rbd).toMatchObject({
      targetPath: null,
      source: { host: 'mon1, mon2', name: 'libvirt' },
    });
    await host.storage.poolStart({ pool: 'ceph' });
    const img = await host.storage.volumeCreate({
      pool: 'ceph',
      name: 'img1',
      format: 'raw',
      capacityBytes: GiB,
    });
    expect(img.path).toBe('libvirt/img1');
    const k3s = await vmNamed(host, 'k3s-node-1');
    await host.storage.volumeAttach({ pool: 'ceph', name: 'img1', vmId: k3s.id, bus: 'virtio' });
    const xml = (await host.vmGetXml(k3s.id)).xml;
    expect(xml).toContain("<source protocol='rbd' name='libvirt/img1'>");
    expect(xml).toContain("<secret type='ceph' uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87'/>");
    expect((await host.storage.volumeList({ pool: 'ceph' }))[0]!.usedBy).toHaveLength(1);
  });

  it('refuses a spec that breaks the dialog’s rules, naming the field', async () => {
    const { host } = makeHost();
    await expect(
      host.storage.poolDefine({ spec: { type: 'dir', name: 'x', path: 'relative' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'spec.path' });
  });
});

describe('New VM disks from a pool', () => {
  it('keeps the original behaviour without a disk source', async () => {
    const { host } = makeHost();
    const vm = await host.vmCreate(spec);
    expect(vm.disks[0]).toMatchObject({
      source: '/var/lib/libvirt/images/web-01.qcow2',
      capacityBytes: 10 * GiB,
    });
    expect(
      (await host.storage.volumeList({ pool: 'default' })).find((v) => v.name === 'web-01.qcow2'),
    ).toMatchObject({
      usedBy: [{ vmId: vm.id, vmName: 'web-01' }],
    });
  });

  it('creates the volume in the chosen pool (raw in LVM) or uses an existing one', async () => {
    const { host } = makeHost();
    const a = await host.vmCreate({ ...spec, disk: { pool: 'scratch', volume: null } });
    expect(a.disks[0]).toMatchObject({
      target: 'vda',
      source: '/srv/scratch/web-01.qcow2',
      format: 'qcow2',
    });
    const b = await host.vmCreate({
      ...spec,
      name: 'db-02',
      disk: { pool: 'vmstore', volume: null },
    });
    expect(b.disks[0]).toMatchObject({
      target: 'vda',
      bus: 'virtio',
      source: '/dev/vmstore/db-02',
      format: 'raw',
    });
    const c = await host.vmCreate({
      ...spec,
      name: 'minio',
      diskGiB: 0,
      disk: { pool: 'vmstore', volume: 'minio-data' },
    });
    expect(c.disks[0]).toMatchObject({
      source: '/dev/vmstore/minio-data',
      capacityBytes: 300 * GiB,
    });
    const d = await host.vmCreate({
      ...spec,
      name: 'cache',
      disk: { pool: 'scratch', volume: 'swap-test.img' },
    });
    expect(d.disks[0]).toMatchObject({
      source: '/srv/scratch/swap-test.img',
      format: 'raw',
      capacityBytes: 4 * GiB,
    });
    const e = await host.vmCreate({
      ...spec,
      name: 'nodisk',
      diskGiB: 0,
      disk: { pool: 'scratch', volume: null },
    });
    expect(e.disks).toEqual([]);
  });

  it('deleting a VM deletes the volumes chosen from their pools', async () => {
    const { host } = makeHost();
    const vm = await host.vmCreate({ ...spec, disk: { pool: 'scratch', volume: null } });
    await host.vmDelete(vm.id, { disks: everyDisk(vm) });
    expect((await host.storage.volumeList({ pool: 'scratch' })).map((v) => v.name)).toEqual([
      'build-cache.qcow2',
      'swap-test.img',
    ]);
  });

  it('deleting a VM with its disks chosen deletes its volumes; none chosen keeps them, unused', async () => {
    const { host } = makeHost();
    const names = async () =>
      (await host.storage.volumeList({ pool: 'scratch' })).map((v) => v.name);
    const before = await names();
    const gone = await host.vmCreate({ ...spec, disk: { pool: 'scratch', volume: null } });
    const kept = await host.vmCreate({
      ...spec,
      name: 'keeper',
      disk: { pool: 'scratch', volume: null },
    });
    const keptPath = kept.disks[0]?.source;
    expect(keptPath).toMatch(/^\/srv\/scratch\//);
    await host.vmDelete(gone.id, { disks: everyDisk(gone) });
    await host.vmDelete(kept.id, { disks: [] });
    const after = await host.storage.volumeList({ pool: 'scratch' });
    expect(after.map((v) => v.name).sort()).toEqual(
      [...before, keptPath!.split('/').pop()!].sort(),
    );
    expect(after.find((v) => v.path === keptPath)?.usedBy ?? []).toEqual([]);
    expect((await host.vmList()).map((v) => v.name)).not.toContain('keeper');
    // The kept volume can back a new VM.
    const again = await host.vmCreate({
      ...spec,
      name: 'again',
      diskGiB: 0,
      disk: { pool: 'scratch', volume: keptPath!.split('/').pop()! },
    });
    expect(again.disks[0]?.source).toBe(keptPath);
  });
});

describe('New VM refusals change nothing', () => {
  it('a New VM whose disk does not fit creates neither VM nor volume', async () => {
    const sim = makeHost();
    const spec = { name: 'big-vm', vcpus: 1, memoryMiB: 1024, diskGiB: 30, network: 'default' };
    const e = await refusedUnchanged(
      sim,
      () => sim.host.vmCreate({ ...spec, disk: { pool: 'scratch', volume: null } }),
      'INVALID_INPUT',
      'Not enough space in scratch: 30 GiB requested, 12.5 GiB available.',
    );
    expect(e.path).toBe('diskGiB');
    await refusedUnchanged(
      sim,
      () => sim.host.vmCreate({ ...spec, disk: { pool: 'default', volume: 'pfsense.qcow2' } }),
      'CONFLICT',
      'Volume pfsense.qcow2 is used by VM pfsense: a disk can belong to one VM at a time.',
    );
    await refusedUnchanged(
      sim,
      () => sim.host.vmCreate({ ...spec, disk: { pool: 'nfs-isos', volume: null } }),
      'INVALID_STATE',
      'Storage pool nfs-isos is not active: start it first.',
    );
  });
});
