import { describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import { everyDisk } from '../storage/helpers';
import { makeHost, vmNamed } from './memoryStore';

const spec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };

async function refusal(p: Promise<unknown>): Promise<VirtdeskError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  return e as VirtdeskError;
}

describe('vmCreate', () => {
  it('creates a shut-off VM with a qcow2 virtio disk and a QEMU MAC on the network', async () => {
    const { host, events } = makeHost();
    const vm = await host.vmCreate(spec);
    expect(vm).toMatchObject({
      hostId: 'sim1',
      name: 'web-01',
      state: 'shutoff',
      guest: null,
      vcpus: 2,
      memoryKiB: 2048 * 1024,
      persistent: true,
      disks: [
        {
          target: 'vda',
          device: 'disk',
          bus: 'virtio',
          source: '/var/lib/libvirt/images/web-01.qcow2',
          format: 'qcow2',
          capacityBytes: 10 * 1024 ** 3,
        },
      ],
      nics: [{ type: 'network', source: 'default', model: 'virtio' }],
      pendingChanges: false,
    });
    expect(vm.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(vm.nics[0]!.mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(events).toEqual([{ type: 'vm-changed', vm }]);
    expect(await host.vmGet(vm.id)).toEqual(vm);
  });

  it('creates no disk for diskGiB 0', async () => {
    const { host } = makeHost();
    expect((await host.vmCreate({ ...spec, diskGiB: 0 })).disks).toEqual([]);
  });

  it('gives every NIC on the host a distinct MAC', async () => {
    const { host } = makeHost({ extra: 300 });
    const macs = (await host.vmList()).flatMap((v) => v.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(macs.length);
  });

  it('refuses a second VM with the same name (CONFLICT)', async () => {
    const { host } = makeHost();
    const e = await refusal(host.vmCreate({ ...spec, name: 'pfsense' }));
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message: 'A VM named pfsense already exists on sim1.',
    });
  });

  it.each([
    [{ name: '$(reboot)' }, 'name', /may not contain/],
    [{ name: '../x' }, 'name', /'\/'/],
    [{ vcpus: 33 }, 'vcpus', /sim1 has 32 CPUs/],
    [{ vcpus: 0 }, 'vcpus', /between 1 and 32/],
    [{ memoryMiB: 128 * 1024 + 1 }, 'memoryMiB', /131072 MiB of memory/],
    [{ diskGiB: -1 }, 'diskGiB', /whole number/],
    [{ network: 'wan' }, 'network', /no network "wan"; it has default, br0-lan/],
  ])('re-checks host rules itself: %j', async (change, path, message) => {
    const { host, events } = makeHost();
    const before = (await host.vmList()).length;
    const e = await refusal(host.vmCreate({ ...spec, ...change }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', path });
    expect(e.message).toMatch(message);
    expect((await host.vmList()).length).toBe(before);
    expect(events).toEqual([]);
  });

  it('allows up to all host CPUs and memory (sim2 is bigger)', async () => {
    const { host } = makeHost({ hostId: 'sim2' });
    const vm = await host.vmCreate({ ...spec, vcpus: 64, memoryMiB: 256 * 1024 });
    expect(vm.vcpus).toBe(64);
  });
});

describe('volumes', () => {
  it('sizes a disk once its image exists, keeps an image another VM uses, refuses to reuse one', async () => {
    const { host, events } = makeHost();
    const k3s = await vmNamed(host, 'k3s-node-1');
    const { xml } = await host.vmGetXml(k3s.id);
    const shared = xml.replace('/images/k3s-node-1.qcow2', '/images/web-01.qcow2');
    expect((await host.vmDefineXml(k3s.id, shared)).vm.disks[0]!.capacityBytes).toBeNull();
    events.length = 0;

    const web = await host.vmCreate(spec);
    const updated = await host.vmGet(k3s.id);
    expect(updated.disks[0]!.capacityBytes).toBe(10 * 1024 ** 3);
    expect(events).toEqual([
      { type: 'vm-changed', vm: web },
      { type: 'vm-changed', vm: updated },
    ]);

    await host.vmDelete(web.id);
    expect((await host.vmGet(k3s.id)).disks[0]!.capacityBytes).toBe(10 * 1024 ** 3);
    const e = await refusal(host.vmCreate(spec));
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message: 'A volume /var/lib/libvirt/images/web-01.qcow2 already exists on sim1.',
    });
  });
});

describe('vmDelete', () => {
  it('removes a shut-off VM and announces it', async () => {
    const { host, events } = makeHost();
    const vm = await vmNamed(host, 'k3s-node-1');
    await host.vmDelete(vm.id);
    expect(events).toEqual([{ type: 'vm-removed', hostId: 'sim1', vmId: vm.id }]);
    await expect(host.vmGet(vm.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('frees the name for a new VM', async () => {
    const { host } = makeHost();
    const old = await vmNamed(host, 'k3s-node-1');
    await host.vmDelete(old.id, { disks: everyDisk(old) });
    expect((await host.vmCreate({ ...spec, name: 'k3s-node-1' })).name).toBe('k3s-node-1');
  });

  it('refuses a running VM', async () => {
    const { host } = makeHost();
    const vm = await vmNamed(host, 'nextcloud');
    const e = await refusal(host.vmDelete(vm.id));
    expect(e).toMatchObject({
      code: 'INVALID_STATE',
      message: 'Cannot delete nextcloud: it is running (shut it off first).',
    });
  });
});

describe('unknown VMs', () => {
  it.each([
    'vmStart',
    'vmShutdown',
    'vmReboot',
    'vmForceOff',
    'vmPause',
    'vmResume',
    'vmGet',
    'vmGetXml',
    'vmDelete',
  ] as const)('%s gives NOT_FOUND', async (op) => {
    const { host } = makeHost();
    const e = await refusal(host[op]('00000000-0000-4000-8000-000000000000'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/No VM with id "00000000-.*" on sim1/);
  });
});
