// Attaching a volume to a VM: the next free target of its bus, a PCI port (or a new one on a
// shut-off VM), a virtio-scsi controller when needed, live and persistent while running.
import { describe, expect, it } from 'vitest';
import { findElements, getAttr, parseXml } from '../../../src/shared/libvirt-xml';
import { makeHost, vmNamed } from '../simulated/memoryStore';
import { GiB } from './helpers';

describe('attaching a volume to a VM', () => {
  it('adds vdb to a shut-off VM’s definition on a free PCI port', async () => {
    const { host, events } = makeHost();
    const k3s = await vmNamed(host, 'k3s-node-2');
    await host.storage.volumeCreate({
      pool: 'default',
      name: 'data-01',
      format: 'qcow2',
      capacityBytes: 10 * GiB,
    });
    events.length = 0;
    const r = await host.storage.volumeAttach({
      pool: 'default',
      name: 'data-01',
      vmId: k3s.id,
      bus: 'virtio',
    });
    expect(r).toMatchObject({ target: 'vdb', live: false });
    expect(r.vm.disks[1]).toEqual({
      target: 'vdb',
      device: 'disk',
      bus: 'virtio',
      source: '/var/lib/libvirt/images/data-01',
      format: 'qcow2',
      capacityBytes: 10 * GiB,
    });
    expect(events).toEqual([
      { type: 'vm-changed', vm: r.vm },
      { type: 'storage-changed', hostId: 'sim1' },
    ]);
    const vols = await host.storage.volumeList({ pool: 'default' });
    expect(vols.find((v) => v.name === 'data-01')!.usedBy).toEqual([
      { vmId: k3s.id, vmName: 'k3s-node-2' },
    ]);
    const doc = parseXml((await host.vmGetXml(k3s.id)).xml);
    const buses = findElements(doc.root, 'devices/disk/address').map((a) => getAttr(a, 'bus'));
    expect(new Set(buses).size).toBe(2);
  });

  it('hot-plugs into a running VM (live and persistent) and uses sdX on virtio-scsi', async () => {
    const { host } = makeHost();
    const pf = await vmNamed(host, 'pfsense');
    const r = await host.storage.volumeAttach({
      pool: 'vmstore',
      name: 'db-data',
      vmId: pf.id,
      bus: 'scsi',
    });
    expect(r).toMatchObject({ target: 'sda', live: true });
    expect(r.vm.disks[1]).toMatchObject({
      target: 'sda',
      bus: 'scsi',
      source: '/dev/vmstore/db-data',
    });
    expect(r.vm.pendingChanges).toBe(false);
    const { xml, liveXml } = await host.vmGetXml(pf.id);
    for (const text of [xml, liveXml!]) {
      const doc = parseXml(text);
      const scsi = findElements(doc.root, 'devices/controller').filter(
        (c) => getAttr(c, 'type') === 'scsi',
      );
      expect(scsi.map((c) => getAttr(c, 'model'))).toEqual(['virtio-scsi']);
      expect(text).toContain("<source dev='/dev/vmstore/db-data'/>");
    }
    // The next one takes the next letter and unit.
    const r2 = await host.storage.volumeAttach({
      pool: 'vmstore',
      name: 'minio-data',
      vmId: pf.id,
      bus: 'scsi',
    });
    expect(r2.target).toBe('sdb');
    expect((await host.vmGetXml(pf.id)).xml).toContain("unit='1'");
  });

  it('runs out of PCI ports on a running VM, but adds a port to a shut-off one', async () => {
    const { host } = makeHost();
    const pf = await vmNamed(host, 'pfsense');
    for (const name of ['a1', 'a2']) {
      await host.storage.volumeCreate({
        pool: 'default',
        name,
        format: 'qcow2',
        capacityBytes: GiB,
      });
      await host.storage.volumeAttach({ pool: 'default', name, vmId: pf.id, bus: 'virtio' });
    }
    await host.storage.volumeCreate({
      pool: 'default',
      name: 'a3',
      format: 'qcow2',
      capacityBytes: GiB,
    });
    await expect(
      host.storage.volumeAttach({ pool: 'default', name: 'a3', vmId: pf.id, bus: 'virtio' }),
    ).rejects.toMatchObject({ code: 'HOST_ERROR', message: /No more available PCI slots/ });
    const k3s = await vmNamed(host, 'k3s-node-1');
    for (const name of ['a3', 'a4', 'a5']) {
      if (name !== 'a3')
        await host.storage.volumeCreate({
          pool: 'default',
          name,
          format: 'qcow2',
          capacityBytes: GiB,
        });
      await host.storage.volumeAttach({ pool: 'default', name, vmId: k3s.id, bus: 'virtio' });
    }
    expect((await host.vmGet(k3s.id)).disks.map((d) => d.target)).toEqual([
      'vda',
      'vdb',
      'vdc',
      'vdd',
    ]);
  });
});
