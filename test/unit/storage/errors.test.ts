// Every refusal has its own clear message and changes nothing: same saved file, same pools and
// volumes and VMs, no events.
import { describe, it } from 'vitest';
import { makeHost, vmNamed } from '../simulated/memoryStore';
import { GiB, refusedUnchanged } from './helpers';

describe('storage refusals change nothing', () => {
  it('a volume larger than the free space', async () => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeCreate({
          pool: 'scratch',
          name: 'big',
          format: 'qcow2',
          capacityBytes: 100 * GiB,
        }),
      'INVALID_INPUT',
      'Not enough space in scratch: 100 GiB requested, 12.5 GiB available.',
    );
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeCreate({
          pool: 'scratch',
          name: 'big',
          format: 'raw',
          capacityBytes: 30 * GiB,
        }),
      'INVALID_INPUT',
      'Not enough space in scratch: 30 GiB requested, 12.5 GiB available.',
    );
  });

  it('a duplicate name, in create and clone', async () => {
    const sim = makeHost();
    const dup = 'A volume named swap-test.img already exists in pool scratch.';
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeCreate({
          pool: 'scratch',
          name: 'swap-test.img',
          format: 'raw',
          capacityBytes: GiB,
        }),
      'CONFLICT',
      dup,
    );
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeClone({
          pool: 'scratch',
          name: 'build-cache.qcow2',
          newName: 'swap-test.img',
        }),
      'CONFLICT',
      dup,
    );
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.poolDefine({ spec: { type: 'dir', name: 'scratch', path: '/srv/other' } }),
      'CONFLICT',
      'A pool named scratch already exists.',
    );
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.poolDefine({
          spec: { type: 'dir', name: 'again', path: '/srv/scratch/' },
        }),
      'CONFLICT',
      'Storage source conflict with pool scratch: it uses the same target path.',
    );
  });

  it('a pool that will not start: its NFS server is unreachable', async () => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () => sim.host.storage.poolStart({ pool: 'nfs-isos' }),
      'HOST_ERROR',
      'Cannot start pool nfs-isos: cannot mount nas.lan:/export/isos: No route to host.',
    );
  });

  it.each([
    ['list', (s: ReturnType<typeof makeHost>) => s.host.storage.volumeList({ pool: 'nfs-isos' })],
    [
      'create',
      (s: ReturnType<typeof makeHost>) =>
        s.host.storage.volumeCreate({
          pool: 'nfs-isos',
          name: 'x.iso',
          format: 'raw',
          capacityBytes: GiB,
        }),
    ],
    [
      'refresh',
      (s: ReturnType<typeof makeHost>) => s.host.storage.poolRefresh({ pool: 'nfs-isos' }),
    ],
    ['stop', (s: ReturnType<typeof makeHost>) => s.host.storage.poolStop({ pool: 'nfs-isos' })],
    [
      'delete',
      (s: ReturnType<typeof makeHost>) =>
        s.host.storage.volumeDelete({ pool: 'nfs-isos', name: 'x' }),
    ],
  ])('volume %s on an inactive pool', async (_what, run) => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () => run(sim),
      'INVALID_STATE',
      'Storage pool nfs-isos is not active: start it first.',
    );
  });

  it('deleting a volume a VM uses names the VM', async () => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () => sim.host.storage.volumeDelete({ pool: 'default', name: 'pfsense.qcow2' }),
      'CONFLICT',
      'Volume pfsense.qcow2 is used by VM pfsense: detach it first.',
    );
  });

  it('resizing the wrong way', async () => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeResize({
          pool: 'scratch',
          name: 'build-cache.qcow2',
          capacityBytes: 5 * GiB,
        }),
      'INVALID_INPUT',
      'build-cache.qcow2 is qcow2, which can only grow: choose 10 GiB or more.',
    );
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeResize({
          pool: 'scratch',
          name: 'build-cache.qcow2',
          capacityBytes: 40 * GiB,
        }),
      'INVALID_INPUT',
      'Not enough space in scratch: 30 GiB requested, 12.5 GiB available.',
    );
    const web = await vmNamed(sim.host, 'k3s-node-1');
    await sim.host.storage.volumeAttach({
      pool: 'vmstore',
      name: 'db-data',
      vmId: web.id,
      bus: 'virtio',
    });
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeResize({
          pool: 'vmstore',
          name: 'db-data',
          capacityBytes: 100 * GiB,
        }),
      'CONFLICT',
      /db-data is used by VM k3s-node-1: shrinking it would cut off the guest's data/,
    );
  });

  it('pools that are active or in use', async () => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () => sim.host.storage.poolUndefine({ pool: 'scratch' }),
      'INVALID_STATE',
      'Storage pool scratch is active: stop it before removing its definition.',
    );
    await refusedUnchanged(
      sim,
      () => sim.host.storage.poolStop({ pool: 'default' }),
      'INVALID_STATE',
      'Cannot stop pool default: VMs pfsense, nextcloud, home-assistant are running on its volumes. Shut them down first.',
    );
    await refusedUnchanged(
      sim,
      () => sim.host.storage.poolStart({ pool: 'default' }),
      'INVALID_STATE',
      'Storage pool default is already active.',
    );
  });

  it('attaching twice, or a volume another VM has', async () => {
    const sim = makeHost();
    const pf = await vmNamed(sim.host, 'pfsense');
    const k3s = await vmNamed(sim.host, 'k3s-node-1');
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeAttach({
          pool: 'default',
          name: 'pfsense.qcow2',
          vmId: pf.id,
          bus: 'virtio',
        }),
      'CONFLICT',
      'pfsense.qcow2 is already a disk of pfsense.',
    );
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeAttach({
          pool: 'default',
          name: 'pfsense.qcow2',
          vmId: k3s.id,
          bus: 'virtio',
        }),
      'CONFLICT',
      'Volume pfsense.qcow2 is used by VM pfsense: a disk can belong to one VM at a time.',
    );
  });

  it('formats a pool cannot hold, unknown pools and volumes', async () => {
    const sim = makeHost();
    await refusedUnchanged(
      sim,
      () =>
        sim.host.storage.volumeCreate({
          pool: 'vmstore',
          name: 'q',
          format: 'qcow2',
          capacityBytes: GiB,
        }),
      'INVALID_INPUT',
      'A logical pool holds raw volumes only.',
    );
    await refusedUnchanged(
      sim,
      () => sim.host.storage.volumeList({ pool: 'nope' }),
      'NOT_FOUND',
      'No storage pool "nope" on sim1.',
    );
    await refusedUnchanged(
      sim,
      () => sim.host.storage.volumeDelete({ pool: 'scratch', name: 'nope' }),
      'NOT_FOUND',
      'No volume "nope" in pool scratch.',
    );
  });
});
