import { describe, expect, it } from 'vitest';
import { BOOT_MS, SHUTDOWN_MS } from '../../../src/main/drivers/simulated';
import type { VmState } from '../../../src/shared/model';
import { VirtdeskError } from '../../../src/shared/errors';
import { makeHost, reload } from './memoryStore';

const spec = { name: 'web-01', vcpus: 2, memoryMiB: 2048, diskGiB: 10, network: 'default' };

async function fresh() {
  const ctx = makeHost();
  const vm = await ctx.host.vmCreate(spec);
  ctx.events.length = 0;
  return { ...ctx, id: vm.id };
}

async function expectInvalid(p: Promise<unknown>, message: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  expect(e).toMatchObject({ code: 'INVALID_STATE', message });
}

describe('simulated lifecycle', () => {
  it('start boots the guest and it is up after BOOT_MS', async () => {
    const { host, clock, id, events } = await fresh();
    expect(await host.vmStart(id)).toMatchObject({ state: 'running', guest: 'booting' });
    clock.advance(BOOT_MS - 1);
    expect((await host.vmGet(id)).guest).toBe('booting');
    clock.advance(1);
    expect(await host.vmGet(id)).toMatchObject({ state: 'running', guest: 'up' });
    expect(events.map((e) => (e.type === 'vm-changed' ? e.vm.guest : e.type))).toEqual([
      'booting',
      'up',
    ]);
  });

  it('pause and resume keep the guest where it was', async () => {
    const { host, clock, id } = await fresh();
    await host.vmStart(id);
    clock.advance(BOOT_MS);
    expect(await host.vmPause(id)).toMatchObject({ state: 'paused', guest: 'up' });
    expect(await host.vmResume(id)).toMatchObject({ state: 'running', guest: 'up' });
  });

  it('a guest paused mid-boot finishes booting only after resume, with the boot time left', async () => {
    const { host, clock, id } = await fresh();
    await host.vmStart(id);
    clock.advance(1000);
    await host.vmPause(id);
    clock.advance(60_000);
    expect(await host.vmGet(id)).toMatchObject({ state: 'paused', guest: 'booting' });
    await host.vmResume(id);
    clock.advance(BOOT_MS - 1000 - 1);
    expect((await host.vmGet(id)).guest).toBe('booting');
    clock.advance(1);
    expect((await host.vmGet(id)).guest).toBe('up');
  });

  it('shutdown goes through the shutdown state to shutoff after SHUTDOWN_MS', async () => {
    const { host, clock, id, events } = await fresh();
    await host.vmStart(id);
    clock.advance(BOOT_MS);
    expect(await host.vmShutdown(id)).toMatchObject({ state: 'shutdown' });
    clock.advance(SHUTDOWN_MS - 1);
    expect((await host.vmGet(id)).state).toBe('shutdown');
    clock.advance(1);
    expect(await host.vmGet(id)).toMatchObject({ state: 'shutoff', guest: null });
    const states = events.flatMap((e) => (e.type === 'vm-changed' ? [e.vm.state] : []));
    expect(states).toEqual(['running', 'running', 'shutdown', 'shutoff']);
  });

  it('shutdown completes even while the guest is still booting', async () => {
    const { host, clock, id } = await fresh();
    await host.vmStart(id);
    await host.vmShutdown(id);
    clock.advance(SHUTDOWN_MS);
    expect((await host.vmGet(id)).state).toBe('shutoff');
    clock.advance(BOOT_MS);
    expect((await host.vmGet(id)).state).toBe('shutoff');
  });

  it('reboot returns the guest to booting and it stays running', async () => {
    const { host, clock, id } = await fresh();
    await host.vmStart(id);
    clock.advance(BOOT_MS);
    expect(await host.vmReboot(id)).toMatchObject({ state: 'running', guest: 'booting' });
    clock.advance(BOOT_MS);
    expect(await host.vmGet(id)).toMatchObject({ state: 'running', guest: 'up' });
  });

  it.each(['running', 'paused', 'shutdown'] as const)(
    'forceOff from %s is immediate and cancels pending timers',
    async (from) => {
      const { host, clock, id } = await fresh();
      await host.vmStart(id);
      clock.advance(BOOT_MS);
      if (from === 'paused') await host.vmPause(id);
      if (from === 'shutdown') await host.vmShutdown(id);
      expect(await host.vmForceOff(id)).toMatchObject({ state: 'shutoff', guest: null });
      expect(clock.pending()).toBe(0);
    },
  );

  it('forceOff during boot stops the boot from completing later', async () => {
    const { host, clock, id, events } = await fresh();
    await host.vmStart(id);
    await host.vmForceOff(id);
    events.length = 0;
    clock.advance(BOOT_MS * 2);
    expect(events).toEqual([]);
    expect((await host.vmGet(id)).state).toBe('shutoff');
  });

  it.each(['blocked', 'crashed', 'pmsuspended'] as const)(
    'forceOff works from %s (states only a restored host can be in)',
    async (state) => {
      const { store } = makeHost();
      const file = structuredClone(store.last!);
      file.vms[0]!.state = state;
      const { host } = makeHost({ saved: reload(file) });
      const after = await host.vmForceOff(file.vms[0]!.id);
      expect(after).toMatchObject({ state: 'shutoff', pendingChanges: false });
      expect((await host.vmGetXml(after.id)).liveXml).toBeNull();
    },
  );

  it('starts a crashed VM, booting it afresh (libvirt allows start from crashed)', async () => {
    const { store } = makeHost();
    const file = structuredClone(store.last!);
    file.vms[0]!.state = 'crashed';
    const { host, clock } = makeHost({ saved: reload(file) });
    const id = file.vms[0]!.id;
    expect(await host.vmStart(id)).toMatchObject({ state: 'running', guest: 'booting' });
    clock.advance(BOOT_MS);
    expect(await host.vmGet(id)).toMatchObject({ state: 'running', guest: 'up' });
  });

  const invalid: [
    string,
    VmState | 'booting',
    (h: Awaited<ReturnType<typeof fresh>>) => Promise<unknown>,
    string,
  ][] = [
    [
      'pause',
      'shutoff',
      (c) => c.host.vmPause(c.id),
      'Cannot pause web-01: it is shut off (only a running VM can be paused).',
    ],
    [
      'resume',
      'shutoff',
      (c) => c.host.vmResume(c.id),
      'Cannot resume web-01: it is shut off (only a paused VM can be resumed).',
    ],
    [
      'shut down',
      'shutoff',
      (c) => c.host.vmShutdown(c.id),
      'Cannot shut down web-01: it is shut off (only a running VM can be shut down).',
    ],
    [
      'reboot',
      'shutoff',
      (c) => c.host.vmReboot(c.id),
      'Cannot reboot web-01: it is shut off (only a running VM can be rebooted).',
    ],
    [
      'force off',
      'shutoff',
      (c) => c.host.vmForceOff(c.id),
      'Cannot force off web-01: it is shut off (it is not running).',
    ],
    [
      'start',
      'running',
      (c) => c.host.vmStart(c.id),
      'Cannot start web-01: it is running (only a shut-off or crashed VM can be started).',
    ],
    [
      'resume',
      'running',
      (c) => c.host.vmResume(c.id),
      'Cannot resume web-01: it is running (only a paused VM can be resumed).',
    ],
    [
      'delete',
      'running',
      (c) => c.host.vmDelete(c.id),
      'Cannot delete web-01: it is running (shut it off first).',
    ],
    [
      'start',
      'paused',
      (c) => c.host.vmStart(c.id),
      'Cannot start web-01: it is paused (only a shut-off or crashed VM can be started).',
    ],
    [
      'pause',
      'paused',
      (c) => c.host.vmPause(c.id),
      'Cannot pause web-01: it is paused (only a running VM can be paused).',
    ],
    [
      'shut down',
      'paused',
      (c) => c.host.vmShutdown(c.id),
      'Cannot shut down web-01: it is paused (only a running VM can be shut down).',
    ],
    [
      'reboot',
      'paused',
      (c) => c.host.vmReboot(c.id),
      'Cannot reboot web-01: it is paused (only a running VM can be rebooted).',
    ],
    [
      'delete',
      'paused',
      (c) => c.host.vmDelete(c.id),
      'Cannot delete web-01: it is paused (shut it off first).',
    ],
    [
      'start',
      'shutdown',
      (c) => c.host.vmStart(c.id),
      'Cannot start web-01: it is shutting down (only a shut-off or crashed VM can be started).',
    ],
    [
      'pause',
      'shutdown',
      (c) => c.host.vmPause(c.id),
      'Cannot pause web-01: it is shutting down (only a running VM can be paused).',
    ],
    [
      'shut down',
      'shutdown',
      (c) => c.host.vmShutdown(c.id),
      'Cannot shut down web-01: it is shutting down (only a running VM can be shut down).',
    ],
    [
      'reboot',
      'shutdown',
      (c) => c.host.vmReboot(c.id),
      'Cannot reboot web-01: it is shutting down (only a running VM can be rebooted).',
    ],
    [
      'resume',
      'shutdown',
      (c) => c.host.vmResume(c.id),
      'Cannot resume web-01: it is shutting down (only a paused VM can be resumed).',
    ],
    [
      'delete',
      'shutdown',
      (c) => c.host.vmDelete(c.id),
      'Cannot delete web-01: it is shutting down (shut it off first).',
    ],
  ];

  it.each(invalid)(
    '%s from %s is INVALID_STATE naming VM and state',
    async (_a, from, op, message) => {
      const ctx = await fresh();
      if (from !== 'shutoff') await ctx.host.vmStart(ctx.id);
      if (from === 'paused') await ctx.host.vmPause(ctx.id);
      if (from === 'shutdown') await ctx.host.vmShutdown(ctx.id);
      const before = await ctx.host.vmGet(ctx.id);
      ctx.events.length = 0;
      const saves = ctx.store.saves;
      await expectInvalid(op(ctx), message);
      expect(await ctx.host.vmGet(ctx.id)).toEqual(before);
      expect(ctx.events).toEqual([]);
      expect(ctx.store.saves).toBe(saves);
    },
  );

  it('persists each change before announcing it', async () => {
    const { host, store, id } = await fresh();
    const seen: string[] = [];
    host.onEvent((e) => {
      if (e.type === 'vm-changed') seen.push(store.last!.vms.find((v) => v.id === id)!.state);
    });
    await host.vmStart(id);
    await host.vmPause(id);
    expect(seen).toEqual(['running', 'paused']);
  });

  it('close cancels timers, flushes the store and refuses further calls', async () => {
    const { host, clock, store, id } = await fresh();
    await host.vmStart(id);
    await host.close();
    expect(clock.pending()).toBe(0);
    expect(store.flushes).toBe(1);
    expect(host.getHost().connection).toBe('disconnected');
    await expect(host.vmList()).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});
