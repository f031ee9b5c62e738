// Live migration between the simulated hosts through the service, on a ManualClock: pre-checks,
// progress as job-changed events, stress-ng in the guest keeping it from converging, post-copy,
// cancel, live tuning, and the VM (with its console session) arriving on the destination.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleAttachment } from '../../../src/main/console';
import type { ApiEvent } from '../../../src/shared/api';
import type { Job } from '../../../src/shared/jobs';
import { JOB_PROGRESS_INTERVAL_MS } from '../../../src/shared/jobs';
import type { MigrationOptions } from '../../../src/shared/migration';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';
import { forecastPrecopy } from '../../../src/shared/precopy';
import { SIM_LINK_BYTES_PER_SEC } from '../../../src/main/drivers/simulated/migration/simLink';
import type { Opened } from './helpers';
import { open, tempDir, vmId } from './helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();
// eslint-disable-next-line no-control-regex -- stripping terminal colour codes
const plain = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function service(): Promise<Opened> {
  const t = await tempDir();
  const o = await open(t.dir);
  cleanup = async () => {
    await o.service.close();
    await t.cleanup();
  };
  return o;
}

const opts = (o: Partial<MigrationOptions> = {}): MigrationOptions => ({
  ...DEFAULT_MIGRATION_OPTIONS,
  storage: 'copy-all',
  ...o,
});

/** Lets the writes that confirm a change reach the disk (real I/O under a ManualClock). */
const settle = () => new Promise((r) => setTimeout(r, 30));

/** Advances the clock in progress-sized steps until `done` holds, letting writes finish. */
async function runUntil(o: Opened, done: () => boolean, maxMs = 120_000): Promise<number> {
  let t = 0;
  while (!done() && t < maxMs) {
    o.clock.advance(JOB_PROGRESS_INTERVAL_MS);
    t += JOB_PROGRESS_INTERVAL_MS;
    await settle();
  }
  return t;
}

const jobEvents = (events: ApiEvent[], id: string): Job[] =>
  events.flatMap((e) => (e.type === 'job-changed' && e.job.id === id ? [e.job] : []));

async function consoleOf(o: Opened, hostId: string, id: string) {
  const received: Uint8Array[] = [];
  const attachment: ConsoleAttachment = await o.service.openConsole(
    { hostId, vmId: id, cols: 80, rows: 24 },
    { send: (b) => received.push(b), closed: () => undefined },
  );
  const text = (): string => plain(dec.decode(Buffer.concat(received)));
  const type = (s: string) => attachment.input(enc.encode(s));
  return { attachment, text, type };
}

describe('live migration between simulated hosts', () => {
  it('checks: local disk without copy, name on the destination, same host, bad options', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'pfsense');
    const shared = await o.call('vmMigrateCheck', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim2',
      options: DEFAULT_MIGRATION_OPTIONS,
    });
    expect(shared.destUri).toBe('sim://sim2');
    expect(shared.memoryBytes).toBe(2048 * 2 ** 20);
    const local = shared.problems.find((p) => p.code === 'local-disk');
    expect(local?.level).toBe('error');
    expect(local?.message).toMatch(
      /^Disk vda \(.*pfsense.*\) is local to sim1 and sim2 does not have it\.$/,
    );
    expect(local?.fix).toMatch(/copy all/);

    const copy = await o.call('vmMigrateCheck', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim2',
      options: opts(),
    });
    // Only the warning that sim2's CPU is another one (every seeded guest is host-passthrough).
    expect(copy.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(copy.problems.map((p) => [p.code, p.level])).toEqual([['cpu', 'warning']]);

    const same = await o.call('vmMigrateCheck', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim1',
      options: opts(),
    });
    expect(same.problems.map((p) => p.code)).toEqual(['same-host']);

    const bad = await o.call('vmMigrateCheck', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim2',
      options: opts({ live: false, postcopy: true }),
    });
    expect(bad.problems.map((p) => p.code)).toContain('options');
    expect(bad.problems.map((p) => p.code)).toContain('state');
    await expect(
      o.call('vmMigrate', {
        hostId: 'sim1',
        vmId: id,
        destHostId: 'sim2',
        options: opts({ live: false, postcopy: true }),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await o.call('jobList', {})).toEqual([]);
  });

  it('migrates pfsense to sim2: progress at 2 Hz, forecast = outcome, console session carried', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'pfsense');
    const c = await consoleOf(o, 'sim1', id);
    c.type('root\r');
    o.clock.advance(200);
    c.type('cd /tmp\r');
    o.clock.advance(200);

    const job = await o.call('vmMigrate', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim2',
      options: opts(),
    });
    expect(job).toMatchObject({
      state: 'running',
      title: 'Migrate pfsense to sim2',
      vmName: 'pfsense',
    });
    const ms = await runUntil(o, () =>
      jobEvents(o.events, job.id).some((j) => j.state !== 'running'),
    );
    const events = jobEvents(o.events, job.id);
    const last = events.at(-1);
    expect(last?.state).toBe('completed');
    // At least two reports a second of virtual time while it ran.
    expect(events.length).toBeGreaterThanOrEqual((ms / 1000) * 2 - 1);
    expect(last?.migration.downtimeMs).toBeGreaterThan(0);
    expect(last?.migration.downtimeMs).toBeLessThanOrEqual(300);
    expect(last?.migration.samples.length).toBeGreaterThan(2);

    expect((await o.call('vmList', { hostId: 'sim1' })).map((v) => v.name)).not.toContain(
      'pfsense',
    );
    const moved = await o.call('vmGet', { hostId: 'sim2', vmId: id });
    expect(moved).toMatchObject({ name: 'pfsense', state: 'running', hostId: 'sim2' });
    expect(o.events).toContainEqual({ type: 'vm-removed', hostId: 'sim1', vmId: id });
    expect(
      o.events.some((e) => e.type === 'vm-changed' && e.vm.hostId === 'sim2' && e.vm.id === id),
    ).toBe(true);

    // The same shell, now on sim2: its working directory came along.
    c.type('pwd\r');
    o.clock.advance(200);
    expect(c.text()).toMatch(/\/tmp\r\nroot@pfsense:\/tmp# $/);
    const d = await consoleOf(o, 'sim2', id);
    d.type('echo moved-4711\r');
    o.clock.advance(200);
    expect(d.text()).toContain('moved-4711');

    const list = await o.call('jobList', {});
    expect(list.map((j) => j.state)).toEqual(['completed']);
    expect(await o.call('jobDismiss', { jobId: job.id })).toEqual({ dismissed: true });
    expect(o.events).toContainEqual({ type: 'job-removed', jobId: job.id });
  });

  it('stress-ng keeps it from converging; post-copy completes it', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'pfsense');
    const c = await consoleOf(o, 'sim1', id);
    c.type('root\r');
    o.clock.advance(200);
    const idle = o.call('vmDirtyRate', { hostId: 'sim1', vmId: id });
    o.clock.advance(1000);
    const idleRate = (await idle).bytesPerSec;
    c.type('stress-ng --vm 2 --vm-bytes 2G\r');
    o.clock.advance(200);
    expect(c.text()).toContain('dispatching hogs: 2 vm');
    const busy = o.call('vmDirtyRate', { hostId: 'sim1', vmId: id });
    o.clock.advance(1000);
    const busyRate = (await busy).bytesPerSec;
    expect(busyRate).toBeGreaterThan(idleRate * 100);

    const job = await o.call('vmMigrate', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim2',
      // 1000 MiB/s against the 2 GiB/s the two workers dirty (all of pfsense's memory).
      options: opts({ postcopy: true, bandwidthMiBs: 1000 }),
    });
    await runUntil(o, () => false, 60_000);
    const running = jobEvents(o.events, job.id).at(-1);
    expect(running?.state).toBe('running');
    expect(running?.migration.progress?.phase).toBe('precopy');
    expect(running?.migration.progress?.etaMs).toBeNull();
    expect(running?.migration.progress?.postcopyAvailable).toBe(true);

    await o.call('jobMigratePostcopy', { jobId: job.id });
    await runUntil(o, () => jobEvents(o.events, job.id).some((j) => j.state !== 'running'));
    expect(jobEvents(o.events, job.id).at(-1)?.state).toBe('completed');
    expect(
      jobEvents(o.events, job.id).some((j) => j.migration.progress?.phase === 'postcopy'),
    ).toBe(true);
    expect((await o.call('vmGet', { hostId: 'sim2', vmId: id })).state).toBe('running');
  });

  it('cancel leaves the VM running on the source; tune changes bandwidth live', async () => {
    const o = await service();
    const id = await vmId(o, 'sim1', 'pfsense');
    const job = await o.call('vmMigrate', {
      hostId: 'sim1',
      vmId: id,
      destHostId: 'sim2',
      options: opts({ bandwidthMiBs: 10 }),
    });
    await runUntil(o, () => false, 3_000);
    const tuned = await o.call('jobMigrateTune', {
      jobId: job.id,
      bandwidthMiBs: 20,
      maxDowntimeMs: null,
    });
    expect(tuned.migration.options.bandwidthMiBs).toBe(20);
    await runUntil(o, () => false, 2_000);
    expect(jobEvents(o.events, job.id).at(-1)?.migration.progress?.bandwidthBytesPerSec).toBe(
      20 * 2 ** 20,
    );
    const cancelled = await o.call('jobCancel', { jobId: job.id });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.error).toBe('Cancelled: pfsense keeps running on sim1.');
    expect((await o.call('vmGet', { hostId: 'sim1', vmId: id })).state).toBe('running');
    await expect(o.call('vmGet', { hostId: 'sim2', vmId: id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(o.call('jobCancel', { jobId: job.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('a forecast made before start is the outcome for a steady guest', async () => {
    const o = await service();
    const id = await vmId(o, 'sim2', 'pihole');
    const check = await o.call('vmMigrateCheck', {
      hostId: 'sim2',
      vmId: id,
      destHostId: 'sim1',
      options: opts(),
    });
    // The simulated hosts know their link: the dialog's forecast runs with it.
    expect(check.linkBytesPerSec).toBe(SIM_LINK_BYTES_PER_SEC);
    const rate = o.call('vmDirtyRate', { hostId: 'sim2', vmId: id });
    o.clock.advance(1000);
    const f = forecastPrecopy({
      memoryBytes: check.memoryBytes,
      dirtyRateBytesPerSec: (await rate).bytesPerSec,
      bandwidthBytesPerSec: 100 * 2 ** 20,
      maxDowntimeMs: 300,
      autoConverge: false,
    });
    // Its disk is copied first (phase setup); the memory part is what the forecast models.
    const job = await o.call('vmMigrate', {
      hostId: 'sim2',
      vmId: id,
      destHostId: 'sim1',
      options: opts({ bandwidthMiBs: 100 }),
    });
    await runUntil(o, () => jobEvents(o.events, job.id).some((j) => j.state !== 'running'));
    const last = jobEvents(o.events, job.id).at(-1);
    expect(f.converges).toBe(true);
    if (!f.converges || !last) return;
    expect(last.state).toBe('completed');
    expect(last.migration.downtimeMs).toBe(Math.round(f.downtimeMs));
    expect(last.migration.progress?.iteration).toBe(f.iterations);
  });
});
