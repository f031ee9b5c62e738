import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOT_MS, SHUTDOWN_MS } from '../../../src/main/drivers/simulated';
import { VirtdeskError } from '../../../src/shared/errors';
import type { Opened } from './helpers';
import { open, tempDir, vmId } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let o: Opened;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  o = await open(dir);
});
afterEach(async () => {
  await o.service.close();
  await cleanup();
});

async function refusal(p: Promise<unknown>): Promise<VirtdeskError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  return e as VirtdeskError;
}

const spec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };

describe('service', () => {
  it('lists both simulated hosts and their VMs', async () => {
    const hosts = await o.call('hostList', {});
    expect(hosts.map((h) => [h.id, h.uri, h.connection])).toEqual([
      ['sim1', 'sim://sim1', 'connected'],
      ['sim2', 'sim://sim2', 'connected'],
    ]);
    expect((await o.call('vmList', { hostId: 'sim2' })).map((v) => v.name)).toContain('plex');
    expect(await o.call('noticeList', {})).toEqual([]);
  });

  it('serves more simulated hosts when asked, each with its own hardware and VMs', async () => {
    const { dir: other, cleanup: done } = await tempDir();
    const many = await open(other, undefined, 3, 4);
    try {
      const hosts = await many.call('hostList', {});
      expect(hosts.map((h) => h.id)).toEqual(['sim1', 'sim2', 'sim3', 'sim4']);
      const sim4 = await many.call('vmList', { hostId: 'sim4' });
      expect(sim4.length).toBeGreaterThanOrEqual(3);
      expect(hosts[3]!.hardware?.numaNodes.length).toBeGreaterThan(0);
      expect(new Set(sim4.map((v) => v.id)).size).toBe(sim4.length);
    } finally {
      await many.service.close();
      await done();
    }
  });

  it('runs create → start → pause → resume → forceOff → delete through dispatch', async () => {
    const vm = await o.call('vmCreate', { hostId: 'sim1', spec });
    const ref = { hostId: 'sim1', vmId: vm.id };
    expect(await o.call('vmGet', ref)).toEqual(vm);
    expect((await o.call('vmStart', ref)).state).toBe('running');
    o.clock.advance(BOOT_MS);
    expect(await o.call('vmGet', ref)).toMatchObject({ state: 'running', guest: 'up' });
    expect((await o.call('vmPause', ref)).state).toBe('paused');
    expect((await o.call('vmResume', ref)).state).toBe('running');
    expect((await o.call('vmForceOff', ref)).state).toBe('shutoff');
    await expect(o.call('vmDelete', { ...ref, withStorage: 'yes' } as never)).rejects.toMatchObject(
      { code: 'INVALID_INPUT' },
    );
    expect(await o.call('vmDelete', { ...ref, disks: [] })).toEqual({ deleted: true });
    await expect(o.call('vmGet', ref)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Usage ticks (every 3 s of clock time) are not lifecycle events; stats.test.ts covers them.
    const kinds = o.events
      .filter((e) => e.type !== 'stats')
      .map((e) => (e.type === 'vm-changed' ? `${e.vm.state}/${e.vm.guest}` : e.type));
    expect(kinds).toEqual([
      'shutoff/null',
      'running/booting',
      'running/up',
      'paused/up',
      'running/up',
      'shutoff/null',
      'vm-removed',
    ]);
  });

  it('runs shutdown and reboot through dispatch', async () => {
    const ref = { hostId: 'sim2', vmId: await vmId(o, 'sim2', 'plex') };
    expect((await o.call('vmReboot', ref)).guest).toBe('booting');
    o.clock.advance(BOOT_MS);
    expect((await o.call('vmShutdown', ref)).state).toBe('shutdown');
    o.clock.advance(SHUTDOWN_MS);
    expect((await o.call('vmGet', ref)).state).toBe('shutoff');
  });

  it.each([
    ['a;rm -rf /', /'\/'/],
    ['$(reboot)', /may not contain/],
    ['../x', /'\/'/],
    ['x'.repeat(10_240), /at most/],
    ['evil\r\nname', /control characters/],
    ['', /required/],
  ])('refuses vmCreate named %j and changes nothing', async (name, message) => {
    const before = await o.call('vmList', { hostId: 'sim1' });
    const e = await refusal(
      o.service.dispatch('vmCreate', { hostId: 'sim1', spec: { ...spec, name } }),
    );
    expect(e).toMatchObject({ code: 'INVALID_INPUT', path: 'spec.name' });
    expect(e.message).toMatch(message);
    expect(await o.call('vmList', { hostId: 'sim1' })).toEqual(before);
    expect(o.events).toEqual([]);
  });

  it.each([
    ['an unknown method', 'rm', {}],
    ['a prototype key as method', '__proto__', {}],
    ['extra keys', 'vmStart', { hostId: 'sim1', vmId: 'x', force: true }],
    ['wrong types', 'vmList', { hostId: 7 }],
    ['params that are not an object', 'vmStart', 'sim1'],
    ['vCPUs as text', 'vmCreate', { hostId: 'sim1', spec: { ...spec, vcpus: '2' } }],
  ])('refuses %s with INVALID_INPUT', async (_what, method, params) => {
    expect((await refusal(o.service.dispatch(method, params))).code).toBe('INVALID_INPUT');
    expect(o.events).toEqual([]);
  });

  it('lets the driver refuse what only the host knows', async () => {
    const tooBig = await refusal(
      o.service.dispatch('vmCreate', { hostId: 'sim1', spec: { ...spec, vcpus: 100 } }),
    );
    expect(tooBig).toMatchObject({ code: 'INVALID_INPUT', path: 'vcpus' });
    const dup = await refusal(
      o.service.dispatch('vmCreate', { hostId: 'sim1', spec: { ...spec, name: 'pfsense' } }),
    );
    expect(dup.code).toBe('CONFLICT');
    const net = await refusal(
      o.service.dispatch('vmCreate', { hostId: 'sim1', spec: { ...spec, network: 'wan' } }),
    );
    expect(net).toMatchObject({ code: 'INVALID_INPUT', path: 'network' });
  });

  it('gives NOT_FOUND for an unknown host or VM', async () => {
    expect((await refusal(o.service.dispatch('vmList', { hostId: 'sim9' }))).code).toBe(
      'NOT_FOUND',
    );
    const e = await refusal(o.service.dispatch('vmStart', { hostId: 'sim1', vmId: 'nope' }));
    expect(e.code).toBe('NOT_FOUND');
  });

  it('gives INVALID_STATE naming the VM and its state', async () => {
    const ref = { hostId: 'sim1', vmId: await vmId(o, 'sim1', 'k3s-node-1') };
    const e = await refusal(o.service.dispatch('vmPause', ref));
    expect(e).toMatchObject({
      code: 'INVALID_STATE',
      message: 'Cannot pause k3s-node-1: it is shut off (only a running VM can be paused).',
    });
    const del = await refusal(
      o.service.dispatch('vmDelete', {
        hostId: 'sim1',
        vmId: await vmId(o, 'sim1', 'nextcloud'),
        disks: [],
      }),
    );
    expect(del.message).toBe('Cannot delete nextcloud: it is running (shut it off first).');
  });

  it('refuses reconnecting or removing a built-in host with UNSUPPORTED naming it', async () => {
    const [sim1] = await o.call('hostList', {});
    expect(sim1!.capabilities).toMatchObject({ reconnect: false, remove: false });
    expect(
      await refusal(o.service.dispatch('connectionReconnect', { hostId: 'sim1' })),
    ).toMatchObject({
      code: 'UNSUPPORTED',
      message: `${sim1!.name} has no connection to re-establish.`,
    });
    expect(await refusal(o.service.dispatch('connectionRemove', { hostId: 'sim1' }))).toMatchObject(
      {
        code: 'UNSUPPORTED',
        message: `${sim1!.name} is built in: it cannot be removed.`,
      },
    );
    expect((await o.call('hostList', {})).map((h) => h.id)).toContain('sim1');
  });

  it('dismissing an unknown notice says so', async () => {
    expect(await o.call('noticeDismiss', { noticeId: 'none' })).toEqual({ dismissed: false });
  });

  it('stops listeners on unsubscribe and refuses requests after close', async () => {
    const seen: unknown[] = [];
    const off = o.service.onEvent((e) => seen.push(e));
    off();
    await o.call('vmCreate', { hostId: 'sim1', spec });
    expect(seen).toEqual([]);
    await o.service.close();
    expect((await refusal(o.service.dispatch('hostList', {}))).code).toBe('DISCONNECTED');
  });
});
