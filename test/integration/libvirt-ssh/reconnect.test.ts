// The libvirt-ssh driver across outages of the real testbed: sshd restarted (the connection is
// cut and refused for a while) and libvirtd restarted (SSH stays up, the event channel dies and
// must be re-subscribed). Daemons are stopped by their PID files and brought back with the
// testbed's own script, which restarts what is down.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverEvent } from '../../../src/main/drivers/driver';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import type { Host } from '../../../src/shared/model';
import type { TestbedInfo } from '../../support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter, waitUntil } from '../../support/testbed';
import { killPids, ourSshdPids } from '../../support/sshdPids';

const run = promisify(execFile);
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let newDriver: () => LibvirtSshDriver;
let cleanupHome: () => void;
const seen: { at: number; event: DriverEvent }[] = [];

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;
const testbedUp = () => run('bash', ['scripts/testbed/up.sh'], { timeout: 120_000 });
const pidIn = (file: string) => Number(readFileSync(file, 'utf8').trim());

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const hostStates = (from: number): Host[] =>
  seen.slice(from).flatMap((s) => (s.event.type === 'host-changed' ? [s.event.host] : []));

beforeAll(async () => {
  tb = requireTestbed();
  const state = (await virsh('domstate', tb.guest.name)).trim();
  if (state !== 'shut off') await virsh('destroy', tb.guest.name);
  const h = makeSshHome(tb, { keys: ['key'] });
  cleanupHome = h.cleanup;
  newDriver = () =>
    new LibvirtSshDriver({
      hostId: 'tb',
      name: 'testbed',
      uri: tb.libvirt.sshUri,
      prompter: scriptedPrompter({}).prompter,
      appKnownHostsFile: h.appKnownHosts,
      home: h.home,
      localUser: 'nobody',
      sshAuthSock: null,
    });
  driver = newDriver();
  driver.onEvent((event) => seen.push({ at: Date.now(), event }));
  driver.connect();
  await waitUntil(() => driver.getHost().connection === 'connected', 20_000, 'connected');
  await waitUntil(() => driver.eventsSubscribed, 10_000, 'event channel');
});

afterAll(async () => {
  await driver?.close();
  cleanupHome?.();
  // Whatever happened above, leave the testbed up for the next suite.
  await testbedUp().catch(() => {});
  const state = (await virsh('domstate', tb.guest.name).catch(() => '')).trim();
  if (state !== '' && state !== 'shut off') await virsh('destroy', tb.guest.name).catch(() => {});
});

describe('libvirt-ssh: outages', () => {
  it('comes back after sshd is restarted, and works again', async () => {
    const from = seen.length;
    const pids = [pidIn(tb.pidFiles.sshd), ...(await ourSshdPids(tb))];
    expect(pids.length).toBeGreaterThan(1);
    killPids(pids, 'SIGTERM');
    const lost = await waitUntil(
      () => hostStates(from).find((h) => h.connection === 'disconnected'),
      10_000,
      'disconnected',
    );
    expect(lost.connectionError).toMatch(/^Connection lost: /);
    await expect(driver.vmList()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    const restarted = Date.now();
    await testbedUp();
    await waitUntil(() => driver.getHost().connection === 'connected', 15_000, 'connected again');
    console.log(`reconnected ${Date.now() - restarted} ms after sshd was restarting`);
    expect((await driver.vmList()).some((v) => v.name === tb.guest.name)).toBe(true);
    await waitUntil(() => driver.eventsSubscribed, 10_000, 'event channel');
  });

  it('re-subscribes to events after libvirtd is restarted', async () => {
    const pid = pidIn(tb.pidFiles.libvirtd);
    process.kill(pid, 'SIGTERM');
    await waitUntil(() => !alive(pid), 15_000, 'libvirtd to exit');
    await waitUntil(() => !driver.eventsSubscribed, 10_000, 'the event channel to end');
    // A host whose sshd answers but whose libvirtd does not: HOST_ERROR in words, retried.
    const late = newDriver();
    const lateStates: Host[] = [];
    late.onEvent((e) => e.type === 'host-changed' && lateStates.push(e.host));
    late.connect();
    const refused = await waitUntil(
      () => lateStates.find((h) => h.connection === 'disconnected'),
      10_000,
      'the second driver to give up',
    );
    console.log(`libvirtd down: ${refused.connectionError}`);
    expect(refused.connectionError).toMatch(/^libvirtd is not reachable on 127\.0\.0\.1: /);
    await testbedUp();
    await waitUntil(() => driver.eventsSubscribed, 30_000, 'the event channel to be re-subscribed');
    expect(driver.getHost().connection).toBe('connected');
    await waitUntil(
      () => late.getHost().connection === 'connected',
      30_000,
      'the retry to succeed',
    );
    await late.close();
    const tiny = (await driver.vmList()).find((v) => v.name === tb.guest.name)!;
    const from = seen.length;
    await virsh('start', tb.guest.name);
    const done = Date.now();
    const ev = await waitUntil(
      () =>
        seen
          .slice(from)
          .find(
            (s) =>
              s.event.type === 'vm-changed' &&
              s.event.vm.id === tiny.id &&
              s.event.vm.state === 'running',
          ),
      5000,
      'vm-changed running',
    );
    expect(ev.at - done).toBeLessThanOrEqual(1000);
    await driver.vmForceOff(tiny.id);
  });
});
