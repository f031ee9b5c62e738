// vd-tiny driven through the libvirt-ssh driver on the real testbed: lifecycle commands with
// their vm-changed events, changes made behind the driver's back (seen through libvirt events),
// stats, and the serial console over a PTY channel.
// Each scenario runs twice: over SSH, and as the local hypervisor (qemu:///system, no SSH).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverEvent } from '../../../src/main/drivers/driver';
import type { StatsTick } from '../../../src/shared/model';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { Vm, VmState } from '../../../src/shared/model';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';

const run = promisify(execFile);
// busybox asks the terminal for the cursor position (ESC [ 6 n); drop such sequences.
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let cleanupHome: () => void;
let tiny: Vm;
const seen: { at: number; event: DriverEvent }[] = [];
const stats: StatsTick[] = [];

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;

async function ensureOff(): Promise<void> {
  const state = (await virsh('domstate', tb.guest.name)).trim();
  if (state !== 'shut off') await virsh('destroy', tb.guest.name);
}

/** The first vm-changed for vd-tiny with `state` after index `from`, with when it arrived. */
function stateEvent(state: VmState, from: number) {
  return waitUntil(
    () =>
      seen
        .slice(from)
        .find(
          (s) =>
            s.event.type === 'vm-changed' &&
            s.event.vm.id === tiny.id &&
            s.event.vm.state === state,
        ),
    20_000,
    `vm-changed ${state}`,
  );
}

/** Runs a driver command and checks its vm-changed arrived within 1 s of its completion. */
async function viaDriver(op: () => Promise<Vm>, state: VmState): Promise<void> {
  const from = seen.length;
  const vm = await op();
  const done = Date.now();
  expect(vm.state).toBe(state);
  const ev = await stateEvent(state, from);
  expect(Math.abs(ev.at - done)).toBeLessThanOrEqual(1000);
}

/** A change made with virsh on the host, not through the driver: only libvirt events tell. */
async function behindTheBack(args: string[], state: VmState): Promise<number> {
  const from = seen.length;
  await virsh(...args);
  const done = Date.now();
  const ev = await stateEvent(state, from);
  return ev.at - done;
}

describe.each(TRANSPORTS)('libvirt over %s: lifecycle', (transport) => {
  beforeAll(async () => {
    seen.length = 0;
    stats.length = 0;
    tb = requireTestbed();
    await ensureOff();
    ({ driver, cleanupHome } = await connectKeyDriver(tb, {
      transport,
      beforeConnect: (d) => {
        d.onEvent((event) => seen.push({ at: Date.now(), event }));
        d.onStats((s) => stats.push(s));
      },
      waitForEvents: true,
    }));
    tiny = (await driver.vmList()).find((v) => v.name === tb.guest.name)!;
    expect(tiny).toBeDefined();
  });

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    if (tb) await ensureOff();
  });

  it('starts, pauses, resumes and forces off vd-tiny, each with its vm-changed', async () => {
    await viaDriver(() => driver.vmStart(tiny.id), 'running');
    await viaDriver(() => driver.vmPause(tiny.id), 'paused');
    await viaDriver(() => driver.vmResume(tiny.id), 'running');
    await expect(driver.vmStart(tiny.id)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('Cannot start vd-tiny'),
    });
    await viaDriver(() => driver.vmForceOff(tiny.id), 'shutoff');
  });

  it('sees changes made behind its back within 1 s, through libvirt events', async () => {
    const latencies = [
      await behindTheBack(['start', tb.guest.name], 'running'),
      await behindTheBack(['suspend', tb.guest.name], 'paused'),
      await behindTheBack(['resume', tb.guest.name], 'running'),
    ];
    console.log(`event → vm-changed after virsh returned: ${latencies.join(', ')} ms`);
    for (const ms of latencies) expect(ms).toBeLessThanOrEqual(1000);
  });

  it('reports CPU and memory in bulk stats ticks', async () => {
    const from = stats.length;
    const tick = await waitUntil(
      () =>
        stats
          .slice(from)
          .find((s) => s.vms.some((v) => v.vmId === tiny.id && v.memoryUsedKiB !== null)),
      10_000,
      'a stats tick for running vd-tiny',
    );
    const mine = tick.vms.find((v) => v.vmId === tiny.id)!;
    expect(mine.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(mine.cpuPercent).toBeLessThanOrEqual(100);
    expect(mine.memoryUsedKiB).toBeGreaterThan(0);
  });

  it('shows the serial console, and ends it when the VM stops', async () => {
    let out = '';
    let closedWith: string | null = null;
    const client = {
      send: (b: Uint8Array) => (out += Buffer.from(b).toString('utf8')),
      closed: (reason: string) => (closedWith = reason),
    };
    const a = await driver.attachConsole(tiny.id, client, 120, 40);
    const enter = new TextEncoder().encode('\r');
    let lastPoke = 0;
    await waitUntil(
      () => {
        if (Date.now() - lastPoke > 700) {
          lastPoke = Date.now();
          a.input(enter);
        }
        return /# $/m.test(out.replace(/\r/g, '').replace(CSI, ''));
      },
      30_000,
      'a shell prompt',
    );
    const token = `hi-${Math.random().toString(36).slice(2, 8)}`;
    a.input(new TextEncoder().encode(`echo ${token}\r`));
    await waitUntil(() => new RegExp(`\\n${token}\\r?\\n`).test(out), 10_000, `${token} echoed`);
    a.ack(out.length);
    a.detach();
    // A window that comes back sees the recent screen again.
    let replay = '';
    const b = await driver.attachConsole(
      tiny.id,
      { send: (x) => (replay += Buffer.from(x).toString()), closed: (r) => (closedWith = r) },
      80,
      24,
    );
    expect(replay).toContain(token);
    await driver.vmForceOff(tiny.id);
    await waitUntil(() => closedWith, 5000, 'the console to close');
    expect(closedWith).toBe('VM stopped');
    b.detach();
    await expect(driver.attachConsole(tiny.id, client, 80, 24)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('shuts the guest down with ACPI', async () => {
    await viaDriver(() => driver.vmStart(tiny.id), 'running');
    // The guest's init handles the power button once it is up (≈ 2.5 s under TCG, much longer
    // on a loaded machine); a press before that is lost, as on real hardware, so press again
    // every few seconds like a user would, until it goes down.
    const from = seen.length;
    const off = () =>
      seen.slice(from).some((s) => s.event.type === 'vm-changed' && s.event.vm.state === 'shutoff');
    const deadline = Date.now() + 90_000;
    let presses = 0;
    while (!off() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 3000));
      if (off()) break;
      await driver.vmShutdown(tiny.id).then(
        () => presses++,
        (e: unknown) => {
          // Only a guest already down may refuse the button.
          if (!off()) expect((e as { code?: string }).code).toBe('INVALID_STATE');
        },
      );
    }
    expect(presses).toBeGreaterThan(0);
    await stateEvent('shutoff', from);
  });
});
