// Delete on the simulated host takes only the chosen volumes: a volume another VM uses and an ISO
// attached as a CD-ROM are kept (and refused when asked for), like the libvirt driver.
import { describe, expect, it } from 'vitest';
import type { Vm } from '../../../src/shared/model';
import { makeHost } from '../simulated/memoryStore';
import type { Sim } from './helpers';
import { GiB, everyDisk, refusedUnchanged } from './helpers';

const spec = { name: 'web-01', vcpus: 1, memoryMiB: 512, diskGiB: 1, network: 'default' };

/** Adds a <disk> to the VM's persistent definition, as an edit in the XML tab would. */
async function addDisk(sim: Sim, vm: Vm, diskXml: string): Promise<Vm> {
  const { xml } = await sim.host.vmGetXml(vm.id);
  return (await sim.host.vmDefineXml(vm.id, xml.replace('</devices>', `${diskXml}</devices>`))).vm;
}

const fileDisk = (path: string, target: string) =>
  `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${path}'/>` +
  `<target dev='${target}' bus='virtio'/></disk>`;

const cdrom = (path: string) =>
  `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${path}'/>` +
  `<target dev='sda' bus='sata'/><readonly/></disk>`;

async function scratchNames(sim: Sim): Promise<string[]> {
  return (await sim.host.storage.volumeList({ pool: 'scratch' })).map((v) => v.name).sort();
}

/** Two VMs in scratch: `a` with its own disk plus b's disk; `b` with its own disk only. */
async function sharing(sim: Sim) {
  const a = await sim.host.vmCreate({
    ...spec,
    name: 'a',
    disk: { pool: 'scratch', volume: null },
  });
  const b = await sim.host.vmCreate({
    ...spec,
    name: 'b',
    disk: { pool: 'scratch', volume: null },
  });
  const shared = b.disks[0]!.source!;
  const a2 = await addDisk(sim, a, fileDisk(shared, 'vdb'));
  return { a: a2, b, own: a.disks[0]!.source!, shared };
}

/** The disks the Delete dialog ticks by default. */
async function planDefaults(sim: Sim, vmId: string) {
  const plan = await sim.host.vmDeletePlan(vmId);
  return plan.disks.flatMap((d) =>
    d.keep === null && d.source !== null ? [{ target: d.target, source: d.source }] : [],
  );
}

describe('vmDeletePlan on the simulated host', () => {
  it('ticks own volumes and keeps a shared volume and a CD-ROM ISO, saying why', async () => {
    const sim = makeHost();
    const { a, own, shared } = await sharing(sim);
    await sim.host.storage.volumeCreate({
      pool: 'scratch',
      name: 'debian.iso',
      format: 'raw',
      capacityBytes: GiB,
    });
    await addDisk(sim, a, cdrom('/srv/scratch/debian.iso'));
    await addDisk(sim, await sim.host.vmGet(a.id), fileDisk('/srv/elsewhere/x.qcow2', 'vdc'));
    const plan = await sim.host.vmDeletePlan(a.id);
    expect(plan.disks.map((d) => [d.target, d.source, d.keep])).toEqual([
      ['vda', own, null],
      ['vdb', shared, 'in-use'],
      ['sda', '/srv/scratch/debian.iso', 'media'],
      ['vdc', '/srv/elsewhere/x.qcow2', 'not-a-volume'],
    ]);
    expect(plan.disks[1]).toMatchObject({
      usedBy: [{ vmName: 'b' }],
      reason: 'Also used by b: kept.',
    });
    expect(plan.disks[0]).toMatchObject({ sizeBytes: GiB, volume: { pool: 'scratch' } });
  });
});

describe('vmDelete on the simulated host', () => {
  it('keeps a volume used by two VMs and deletes the private one', async () => {
    const sim = makeHost();
    const { a, b, own, shared } = await sharing(sim);
    const before = await scratchNames(sim);
    // What the dialog sends when the user leaves its default ticks.
    await sim.host.vmDelete(a.id, { disks: await planDefaults(sim, a.id) });
    const after = await scratchNames(sim);
    expect(before.filter((n) => !after.includes(n))).toEqual([own.split('/').pop()]);
    expect(after).toContain(shared.split('/').pop());
    const vol = (await sim.host.storage.volumeList({ pool: 'scratch' })).find(
      (v) => v.path === shared,
    );
    expect(vol?.usedBy).toEqual([{ vmId: b.id, vmName: 'b' }]);
    expect(sim.events).toContainEqual({ type: 'vm-removed', hostId: 'sim1', vmId: a.id });
    expect(sim.events).toContainEqual({ type: 'storage-changed', hostId: 'sim1' });
  });

  it('refuses, changing nothing, when a chosen disk is shared or a CD-ROM', async () => {
    const sim = makeHost();
    const { a } = await sharing(sim);
    await sim.host.storage.volumeCreate({
      pool: 'scratch',
      name: 'debian.iso',
      format: 'raw',
      capacityBytes: GiB,
    });
    const withIso = await addDisk(sim, a, cdrom('/srv/scratch/debian.iso'));
    await refusedUnchanged(
      sim,
      () => sim.host.vmDelete(a.id, { disks: everyDisk(withIso) }),
      'CONFLICT',
      /^Did not delete a: vdb .*Also used by b.*; sda .*A CD-ROM.*Nothing was changed/,
    );
    // With the plan's own choice the ISO and b's disk stay.
    const chosen = await planDefaults(sim, a.id);
    expect(chosen.map((c) => c.target)).toEqual(['vda']);
    await sim.host.vmDelete(a.id, { disks: chosen });
    expect(await scratchNames(sim)).toContain('debian.iso');
  });

  it('refuses a choice whose disk changed since the plan', async () => {
    const sim = makeHost();
    const { a, own } = await sharing(sim);
    await refusedUnchanged(
      sim,
      () => sim.host.vmDelete(a.id, { disks: [{ target: 'vda', source: `${own}.old` }] }),
      'CONFLICT',
      /vda .* is no longer a disk of a/,
    );
  });

  it('without disks keeps every volume', async () => {
    const sim = makeHost();
    const { a } = await sharing(sim);
    const before = await scratchNames(sim);
    await sim.host.vmDelete(a.id);
    expect(await scratchNames(sim)).toEqual(before);
  });
});
