// Live migration on the real testbed, through the libvirt driver and the service's migration
// handlers: a clone of vd-tiny (vdmig-…, on a qcow2 overlay both daemons can open) moves from
// qemu:///system to the test user's qemu:///session, with progress at ≥ 2 Hz; a second one,
// slowed to 1 MiB/s, is cancelled and stays on its source; the dirty rate is measured.
// Runs over SSH (…/system and …/session as vdtest) and as the local hypervisor.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import type { HypervisorDriver } from '../../../src/main/drivers/driver';
import { realClock } from '../../../src/main/drivers/clock';
import { JobRegistry } from '../../../src/main/service/jobs';
import { migrationHandlers } from '../../../src/main/service/migrationHandlers';
import type { ApiEvent } from '../../../src/shared/api';
import type { Job } from '../../../src/shared/jobs';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';
import type { TestbedInfo } from '../../support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter, waitUntil } from '../../support/testbed';
import { TRANSPORTS } from '../../support/testbedDriver';

const run = promisify(execFile);
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

let tb: TestbedInfo;

const virshAt = async (uri: string, ...args: string[]) =>
  (await run('virsh', ['-q', '-c', uri, ...args], { env })).stdout;

/** Which daemon has the domain, and in which state. */
async function whereIs(name: string): Promise<{ system: string | null; session: string | null }> {
  const state = (uri: string) =>
    virshAt(uri, 'domstate', name).then(
      (s) => s.trim(),
      () => null,
    );
  return { system: await state(tb.libvirt.system), session: await state(tb.libvirt.session) };
}

/** vd-tiny's definition as NAME on a qcow2 overlay of its disk, in a directory both users write. */
function cloneOfTiny(dir: string, name: string): string {
  const disk = join(dir, `${name}.qcow2`);
  const xml = readFileSync(tb.guest.xml, 'utf8')
    .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`)
    .replace(/<uuid>[^<]*<\/uuid>/, '')
    .replace(`<source file='${tb.guest.disk}'/>`, `<source file='${disk}'/>`)
    .replace(/<log\b[^>]*\/>\s*/g, '');
  // Never vd-tiny's own disk: another engineer's tests may be running it.
  if (!xml.includes(disk)) throw new Error('the clone would not use its own disk');
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  return file;
}

async function connect(
  hostId: string,
  uri: string,
  home: ReturnType<typeof makeSshHome>,
): Promise<LibvirtSshDriver> {
  const driver = new LibvirtSshDriver({
    hostId,
    name: hostId,
    uri,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: home.appKnownHosts,
    home: home.home,
    localUser: 'nobody',
    sshAuthSock: null,
  });
  driver.connect();
  await waitUntil(() => driver.getHost().connection === 'connected', 20_000, `${hostId} connected`);
  await waitUntil(() => driver.eventsSubscribed, 10_000, `${hostId} events`);
  return driver;
}

describe.each(TRANSPORTS)('live migration over %s between the testbed daemons', (transport) => {
  const name = `vdmig-${transport}-${randomUUID().slice(0, 8)}`;
  let dir: string;
  let home: ReturnType<typeof makeSshHome>;
  let system: LibvirtSshDriver;
  let session: LibvirtSshDriver;
  let events: ApiEvent[];
  let api: ReturnType<typeof migrationHandlers>;
  let jobs: JobRegistry;
  let vmId: string;

  beforeAll(async () => {
    tb = requireTestbed();
    dir = mkdtempSync('/tmp/vdmig-');
    chmodSync(dir, 0o777);
    const disk = join(dir, `${name}.qcow2`);
    await run('qemu-img', [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-F',
      'qcow2',
      '-b',
      tb.guest.disk,
      disk,
    ]);
    chmodSync(disk, 0o666);
    await virshAt(tb.libvirt.system, 'define', cloneOfTiny(dir, name));
    await virshAt(tb.libvirt.system, 'start', name);
    vmId = (await virshAt(tb.libvirt.system, 'domuuid', name)).trim();
    home = makeSshHome(tb, { keys: ['key'] });
    const sshBase = tb.libvirt.sshUri.replace(/\/system$/, '');
    system = await connect(
      'system',
      transport === 'ssh' ? tb.libvirt.sshUri : tb.libvirt.system,
      home,
    );
    session = await connect(
      'session',
      transport === 'ssh' ? `${sshBase}/session` : tb.libvirt.session,
      home,
    );
    const drivers = new Map<string, HypervisorDriver>([
      ['system', system],
      ['session', session],
    ]);
    events = [];
    jobs = new JobRegistry(realClock, (e) => events.push(e));
    api = migrationHandlers({
      driverFor: (id) => drivers.get(id)!,
      jobs,
      now: () => Date.now(),
    });
    await waitUntil(
      () =>
        system.vmGet(vmId).then(
          (v) => v.state === 'running',
          () => false,
        ),
      10_000,
      'clone listed',
    );
  }, 60_000);

  afterAll(async () => {
    jobs?.close();
    await system?.close();
    await session?.close();
    home?.cleanup();
    for (const uri of [tb.libvirt.system, tb.libvirt.session]) {
      await virshAt(uri, 'destroy', name).catch(() => {});
      await virshAt(uri, 'undefine', name).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const jobEvents = (id: string): { at: number; job: Job }[] =>
    stamped.filter((s) => s.job.id === id);
  const stamped: { at: number; job: Job }[] = [];

  it('checks: the shared disk needs "unsafe"; the destination URI is the session socket', async () => {
    const check = await api.vmMigrateCheck({
      hostId: 'system',
      vmId,
      destHostId: 'session',
      options: DEFAULT_MIGRATION_OPTIONS,
    });
    expect(check.destUri).toBe(
      'qemu+unix:///session?socket=/tmp/virtdesk-testbed/home/vdtest/.cache/libvirt/libvirt-sock',
    );
    expect(check.memoryBytes).toBe(256 * 2 ** 20);
    expect(check.problems).toEqual([
      expect.objectContaining({ code: 'unsafe-storage', level: 'error' }),
    ]);
    const unsafe = await api.vmMigrateCheck({
      hostId: 'system',
      vmId,
      destHostId: 'session',
      options: { ...DEFAULT_MIGRATION_OPTIONS, unsafe: true },
    });
    expect(unsafe.problems.filter((p) => p.level === 'error')).toEqual([]);

    const bad = await api.vmMigrateCheck({
      hostId: 'system',
      vmId,
      destHostId: 'session',
      options: {
        ...DEFAULT_MIGRATION_OPTIONS,
        unsafe: true,
        destUri: 'qemu+unix:///session?socket=/nonexistent/sock',
      },
    });
    const unreachable = bad.problems.find((p) => p.code === 'unreachable');
    expect(unreachable?.message).toMatch(
      /^system cannot reach qemu\+unix:\/\/\/session\?socket=\/nonexistent\/sock: .*No such file or directory/,
    );
    expect(unreachable?.fix).toMatch(/socket/);
  }, 60_000);

  it('measures the dirty rate', async () => {
    const rate = await api.vmDirtyRate({ hostId: 'system', vmId });
    expect(rate.sampleMs).toBe(1000);
    expect(rate.bytesPerSec).toBeGreaterThanOrEqual(0);
    expect(Math.abs(rate.measuredAt - Date.now())).toBeLessThan(5_000);
  }, 30_000);

  it('migrates to the session daemon with progress at ≥ 2 Hz; it runs there', async () => {
    const off = (e: ApiEvent) =>
      e.type === 'job-changed' && stamped.push({ at: Date.now(), job: e.job });
    const before = events.length;
    const job = await api.vmMigrate({
      hostId: 'system',
      vmId,
      destHostId: 'session',
      options: { ...DEFAULT_MIGRATION_OPTIONS, unsafe: true },
    });
    const t0 = Date.now();
    await waitUntil(
      () => {
        for (const e of events.splice(before)) off(e);
        return jobEvents(job.id).some((s) => s.job.state !== 'running');
      },
      60_000,
      'migration ended',
    );
    const all = jobEvents(job.id);
    const last = all.at(-1)!.job;
    expect(last.error).toBeNull();
    expect(last.state).toBe('completed');
    const progress = all.filter(
      (s) => s.job.migration.progress !== null && s.job.state === 'running',
    );
    // ≥ 2 reports a second from the first to the last while it ran.
    const seconds = (progress.at(-1)!.at - progress[0]!.at) / 1000;
    expect(seconds).toBeGreaterThan(1);
    expect((progress.length - 1) / seconds).toBeGreaterThanOrEqual(2);
    expect(all.at(-1)!.at - t0).toBeLessThan(60_000);
    expect(progress.some((s) => (s.job.migration.progress?.memoryTransferredBytes ?? 0) > 0)).toBe(
      true,
    );
    expect(last.migration.downtimeMs).toBeGreaterThan(0);
    expect(await whereIs(name)).toEqual({ system: null, session: 'running' });
    await waitUntil(
      () =>
        session.vmGet(vmId).then(
          (v) => v.state === 'running',
          () => false,
        ),
      10_000,
      'listed on session',
    );
    await expect(system.vmGet(vmId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 90_000);

  it('cancels a slowed migration back: the VM keeps running on its source', async () => {
    const before = events.length;
    const job = await api.vmMigrate({
      hostId: 'session',
      vmId,
      destHostId: 'system',
      options: { ...DEFAULT_MIGRATION_OPTIONS, unsafe: true, bandwidthMiBs: 1 },
    });
    await waitUntil(
      () => {
        for (const e of events.splice(before))
          if (e.type === 'job-changed') stamped.push({ at: Date.now(), job: e.job });
        return jobEvents(job.id).some(
          (s) => (s.job.migration.progress?.memoryTransferredBytes ?? 0) > 0,
        );
      },
      30_000,
      'data moving',
    );
    const cancelled = await api.jobCancel({ jobId: job.id });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.error).toBe(`Cancelled: ${name} keeps running on session.`);
    expect(await whereIs(name)).toEqual({ system: null, session: 'running' });
  }, 60_000);
});
