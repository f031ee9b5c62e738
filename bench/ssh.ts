// bench/ssh: the libvirt-ssh driver against the real testbed (npm run testbed:up), each figure
// next to its baseline measured in the same run. Prints one JSON line per figure.
// (1) Inventory of 200 defined domains (+ vd-tiny): virtdesk's LibvirtSshDriver, from connect() to
//     the host connected with its inventory complete (host facts included), and a warm
//     re-inventory with driver.resync() (the full re-read the driver does after re-subscribing to
//     events) — vs python3-libvirt over qemu+ssh (getAllDomainStats + XMLDesc of every domain;
//     open + inventory, and warm on an open connection) — vs naive one `ssh host virsh …` per call
//     (one list + one dumpxml per domain), measured on 20 domains and extrapolated to 200.
//     Medians of RUNS runs. Beside it, the persistent session's per-command round trip.
// (2) Event latency: a lifecycle change made with virsh ON THE HOST → the driver's vm-changed
//     (driver.onEvent, in process). vd-tiny's start/destroy cycle is slow under TCG (destroy ≈ 2 s),
//     so the 20 samples are suspend/resume of the running guest, plus 3 start samples. Measured
//     from virsh returning, and from the host's own `virsh event` listener printing the event.
// (3) Console throughput: `seq 1 N` in vd-tiny's busybox shell through the driver's console
//     (attachConsole, every byte acked at once) vs a raw `ssh -tt host virsh console` child
//     process, bytes from Enter to the prompt back. Both read the same emulated UART of the TCG
//     guest, which is the limit (TESTBED.md estimates ≈ 14 kB/s; ≈ 140 kB/s was measured here).
// The testbed is left as found: bench domains undefined, vd-tiny shut off.
// Run: npm run bench:ssh
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConsoleAttachment } from '../src/main/console/consoleHub';
import type { LibvirtSshDriver } from '../src/main/drivers/libvirt-ssh';
import type { Vm, VmState } from '../src/shared/model';
import type { TestbedInfo } from '../test/support/testbed';
import {
  makeSshHome,
  requireTestbed,
  scriptedPrompter,
  sshArgs,
  waitUntil,
} from '../test/support/testbed';
import { connectSsh } from '../src/main/drivers/libvirt-ssh/connection';
import { resolveTarget } from '../src/main/drivers/libvirt-ssh/target';
import { VirshSession, virshArgv } from '../src/main/drivers/libvirt-ssh/virsh';
import { checkListed, connectBenchDriver, median } from './support/benchDriver';
import { defineCopies, hostVirsh, undefineOnSignal, undefineWithPrefix } from './support/hostVirsh';

const run = promisify(execFile);
const PREFIX = 'vdbench-ssh-';
const DOMAINS = 200;
const RUNS = 5;
const NAIVE_ON = 20;
const EVENT_SAMPLES = 20;
const START_SAMPLES = 3;
const SEQ = 25_000;
const CONSOLE_RUNS = 3;
const RTT_SAMPLES = 50;
const EXEC_SAMPLES = 10;

const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

let tb: TestbedInfo;
let home: ReturnType<typeof makeSshHome>;
const drivers = new Set<LibvirtSshDriver>();
const children = new Set<ChildProcessWithoutNullStreams>();

/** A driver for the testbed, connected and tracked for clean-up. */
async function connectDriver(): Promise<{ driver: LibvirtSshDriver; ms: number }> {
  const c = await connectBenchDriver(tb, home);
  drivers.add(c.driver);
  return c;
}

async function closeDriver(driver: LibvirtSshDriver): Promise<void> {
  drivers.delete(driver);
  await driver.close();
}

// ---------------------------------------------------------------- (1) inventory

async function virtdeskInventory() {
  const cold: number[] = [];
  let driver: LibvirtSshDriver | null = null;
  for (let i = 0; i < RUNS; i++) {
    if (driver) await closeDriver(driver);
    const c = await connectDriver();
    driver = c.driver;
    const vms = await driver.vmList();
    checkListed(
      vms.map((v) => v.name),
      PREFIX,
      DOMAINS,
      'virtdesk',
    );
    cold.push(c.ms);
  }
  const warm: number[] = [];
  await driver!.resync(); // untimed warm-up, as for python
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const vms = await driver!.resync();
    warm.push(performance.now() - t0);
    checkListed(
      vms.map((v) => v.name),
      PREFIX,
      DOMAINS,
      'virtdesk (warm)',
    );
  }
  await closeDriver(driver!);
  return { cold: median(cold), warm: median(warm) };
}

async function pythonInventory(expected: number) {
  const { stdout } = await run('/usr/bin/python3', [
    join(__dirname, 'support', 'libvirt_inventory.py'),
    // root's ssh with the testbed's key and known_hosts (StrictHostKeyChecking yes)
    tb.libvirt.sshUriWithCommand,
    String(RUNS),
  ]);
  const r = JSON.parse(stdout) as { domains: number; cold_ms: number[]; warm_ms: number[] };
  // python reports a count only: at least the bench's domains and vd-tiny (see checkListed).
  if (r.domains < expected) throw new Error(`python-libvirt listed ${r.domains} of ${expected}`);
  return { cold: median(r.cold_ms), warm: median(r.warm_ms) };
}

/** One `ssh host virsh …` per call: a list, then a dumpxml per domain, for NAIVE_ON domains. */
async function naiveInventory(names: string[]) {
  const ssh = (...cmd: string[]) =>
    run('ssh', [...sshArgs(tb, tb.ssh.knownHostsFile), 'virsh', '-c', tb.libvirt.system, ...cmd]);
  const measured: number[] = [];
  const extrapolated: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const listed = (await ssh('list', '--all', '--name')).stdout;
    const listMs = performance.now() - t;
    if (!listed.includes(names[0]!)) throw new Error('naive list misses the bench domains');
    t = performance.now();
    for (const name of names.slice(0, NAIVE_ON)) await ssh('dumpxml', name);
    const dumpMs = performance.now() - t;
    measured.push(listMs + dumpMs);
    extrapolated.push(listMs + (dumpMs / NAIVE_ON) * DOMAINS);
  }
  return { measured: median(measured), extrapolated: median(extrapolated) };
}

/**
 * The persistent virsh session's round trip (one small command at a time, as the UI sends them)
 * on the driver's own kind of connection, next to one exec channel per command on the same
 * connection. The Nagle × delayed-ACK stall (≈ 40 ms on some kernels) shows up here first.
 */
async function roundTrips(): Promise<{ sessionMs: number; execMs: number }> {
  const target = resolveTarget(tb.libvirt.sshUri, { home: home.home, localUser: 'nobody' });
  const link = await connectSsh({
    target,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: home.appKnownHosts,
    sshAuthSock: null,
    home: home.home,
  });
  try {
    const virsh = await VirshSession.open(link, {
      uri: target.virshUri,
      hostName: target.hostName,
    });
    const session: number[] = [];
    for (let i = 0; i < RTT_SAMPLES + 5; i++) {
      const t0 = performance.now();
      await virsh.call('uri');
      if (i >= 5) session.push(performance.now() - t0); // the first few warm the path up
    }
    virsh.close();
    const exec: number[] = [];
    for (let i = 0; i < EXEC_SAMPLES; i++) {
      const t0 = performance.now();
      const ch = await link.exec(virshArgv(target.virshUri, 'uri'));
      await new Promise<void>((resolve) => {
        ch.on('data', () => {});
        ch.on('close', () => resolve());
      });
      exec.push(performance.now() - t0);
    }
    return { sessionMs: median(session), execMs: median(exec) };
  } finally {
    link.close();
  }
}

async function inventoryBench(): Promise<void> {
  const uri = tb.libvirt.system;
  await undefineWithPrefix(uri, PREFIX); // leftovers of a run that died
  let t = performance.now();
  const names = await defineCopies(uri, tb.guest.name, PREFIX, DOMAINS);
  const defineMs = performance.now() - t;
  try {
    const expected = (await hostVirsh(uri, 'list', '--all', '--name'))
      .split('\n')
      .filter(Boolean).length;
    const virtdesk = await virtdeskInventory();
    const python = await pythonInventory(DOMAINS + 1);
    t = performance.now();
    const naive = await naiveInventory(names);
    const naiveWallMs = performance.now() - t;
    const rtt = await roundTrips();
    console.log(
      JSON.stringify({
        bench: 'ssh-inventory',
        domains: expected,
        runs: RUNS,
        virtdesk_connect_inventory_ms: r1(virtdesk.cold),
        virtdesk_warm_inventory_ms: r1(virtdesk.warm),
        python_libvirt_connect_inventory_ms: r1(python.cold),
        python_libvirt_warm_inventory_ms: r1(python.warm),
        naive_inventory_ms: Math.round(naive.extrapolated),
        naive_measured_on: NAIVE_ON,
        naive_measured_ms: Math.round(naive.measured),
        ratio_virtdesk_over_python_connect: r2(virtdesk.cold / python.cold),
        ratio_virtdesk_over_python_warm: r2(virtdesk.warm / python.warm),
        speedup_virtdesk_connect_vs_naive: r1(naive.extrapolated / virtdesk.cold),
        speedup_virtdesk_warm_vs_naive: r1(naive.extrapolated / virtdesk.warm),
        goal_ratio_vs_python_connect_max: 1.3,
        goal_ratio_vs_python_warm_max: 1,
        goal_speedup_vs_naive_min: 100,
        virsh_session_round_trip_ms: r2(rtt.sessionMs),
        exec_channel_per_command_ms: r1(rtt.execMs),
        round_trip_samples: RTT_SAMPLES,
        note: 'virtdesk connect = SSH + virsh session + host facts + every domain (bulk list + domstats, then both XMLs batched); warm = driver.resync() (one scan; XML only for what changed); naive extrapolated linearly from 20 domains; round trip = one `uri` on the persistent session vs an exec channel per command on the same connection',
        setup_define_ms: Math.round(defineMs),
        naive_wall_ms: Math.round(naiveWallMs),
      }),
    );
  } finally {
    await undefineWithPrefix(uri, PREFIX);
  }
}

// ---------------------------------------------------------------- (2) event latency

interface Stamp {
  at: number;
  text: string;
}

/** `virsh event --loop` on the host itself: when libvirtd published each event of `vm`. */
async function hostEventListener(vm: string): Promise<Stamp[]> {
  const lines: Stamp[] = [];
  const child = spawn(
    'stdbuf',
    ['-oL', 'virsh', '-c', tb.libvirt.system, 'echo VD-READY; event --all --loop --timestamp'],
    { env: { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' } },
  );
  children.add(child);
  let buf = '';
  let ready = false;
  child.stdout.on('data', (d: Buffer) => {
    const at = performance.now();
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const line of parts) {
      if (line.includes('VD-READY')) ready = true;
      if (line.includes(`for domain '${vm}'`)) lines.push({ at, text: line });
    }
  });
  child.stderr.on('data', () => {});
  await waitUntil(() => ready, 10_000, 'the host event listener');
  return lines;
}

/** Leaves vd-tiny running and resolves with the connected driver, for the console bench. */
async function eventBench(): Promise<LibvirtSshDriver> {
  const uri = tb.libvirt.system;
  const vm = tb.guest.name;
  const hostEvents = await hostEventListener(vm);
  const { driver } = await connectDriver();
  await waitUntil(() => driver.eventsSubscribed, 10_000, 'the driver event channel');
  const tiny = (await driver.vmList()).find((v) => v.name === vm)!;
  const seen: { at: number; vm: Vm }[] = [];
  driver.onEvent((e) => {
    if (e.type === 'vm-changed' && e.vm.id === tiny.id)
      seen.push({ at: performance.now(), vm: e.vm });
  });

  const sample = async (action: string, state: VmState, hostWord: string) => {
    const from = seen.length;
    const hostFrom = hostEvents.length;
    await hostVirsh(uri, action, vm);
    const returned = performance.now();
    const ev = await waitUntil(
      () => seen.slice(from).find((s) => s.vm.state === state),
      15_000,
      `vm-changed ${state} after virsh ${action}`,
    );
    const host = await waitUntil(
      () => hostEvents.slice(hostFrom).find((l) => l.text.includes(`: ${hostWord}`)),
      5_000,
      `host event ${hostWord}`,
    );
    return { afterVirsh: ev.at - returned, afterHostEvent: ev.at - host.at };
  };

  const starts: { afterVirsh: number; afterHostEvent: number }[] = [];
  for (let i = 0; i < START_SAMPLES; i++) {
    if (i > 0) await sample('destroy', 'shutoff', 'Stopped');
    starts.push(await sample('start', 'running', 'Started'));
  }
  const toggles: { afterVirsh: number; afterHostEvent: number }[] = [];
  for (let i = 0; i < EVENT_SAMPLES; i++) {
    toggles.push(
      i % 2 === 0
        ? await sample('suspend', 'paused', 'Suspended')
        : await sample('resume', 'running', 'Resumed'),
    );
  }
  const med = (xs: { afterVirsh: number; afterHostEvent: number }[]) => ({
    afterVirsh: r1(median(xs.map((x) => x.afterVirsh))),
    afterHostEvent: r1(median(xs.map((x) => x.afterHostEvent))),
    max: r1(Math.max(...xs.map((x) => x.afterVirsh))),
  });
  const m = med(toggles);
  const s = med(starts);
  console.log(
    JSON.stringify({
      bench: 'ssh-event-latency',
      samples: EVENT_SAMPLES,
      sample_kind: 'suspend/resume of the running vd-tiny (start/destroy is slow under TCG)',
      median_ms: m.afterVirsh,
      max_ms: m.max,
      median_ms_after_host_event: m.afterHostEvent,
      start_samples: START_SAMPLES,
      start_median_ms: s.afterVirsh,
      start_max_ms: s.max,
      start_median_ms_after_host_event: s.afterHostEvent,
      goal_ms: 500,
      note: "ms from `virsh ACTION` returning on the host (and from the host's own `virsh event` printing it) to the driver's vm-changed with the new state",
    }),
  );
  return driver;
}

// ---------------------------------------------------------------- (3) console throughput

interface ConsolePort {
  write(text: string): void;
  onData(listener: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

async function driverConsole(driver: LibvirtSshDriver, vmId: string): Promise<ConsolePort> {
  let listener: (bytes: Uint8Array) => void = () => {};
  let attachment: ConsoleAttachment | null = null;
  let early = 0;
  attachment = await driver.attachConsole(
    vmId,
    {
      send: (bytes) => {
        // Acked at once: an ideal window, so flow control never pauses the channel.
        if (attachment) attachment.ack(bytes.length);
        else early += bytes.length;
        listener(bytes);
      },
      closed: () => {},
    },
    80,
    24,
  );
  if (early > 0) attachment.ack(early);
  return {
    write: (text) => attachment!.input(new TextEncoder().encode(text)),
    onData: (l) => (listener = l),
    close: async () => attachment!.detach(),
  };
}

function rawSshConsole(vm: string): ConsolePort {
  // -tt: a remote pty although stdin is a pipe (virsh console needs a tty); -e none: no ~ escapes.
  const child = spawn('ssh', [
    '-tt',
    '-e',
    'none',
    ...sshArgs(tb, tb.ssh.knownHostsFile),
    'virsh',
    '-c',
    tb.libvirt.system,
    'console',
    vm,
    '--force',
  ]);
  children.add(child);
  child.stdin.on('error', () => {});
  child.stderr.on('data', () => {});
  let listener: (bytes: Uint8Array) => void = () => {};
  child.stdout.on('data', (d: Buffer) => listener(d));
  return {
    write: (text) => child.stdin.write(text),
    onData: (l) => (listener = l),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          children.delete(child);
          resolve();
        });
        child.stdin.write('\x1d'); // leave virsh console
        child.stdin.end();
      }),
  };
}

// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const PROMPT_AT_END = /(^|\n)[^\n]*# $/;

/**
 * Gets a fresh prompt, then runs `seq 1 SEQ` and counts every byte from Enter to the prompt
 * after the last number.
 */
async function consoleRun(port: ConsolePort): Promise<{ bytes: number; ms: number }> {
  let text = '';
  let bytes = 0;
  let doneAt = 0;
  const decoder = new TextDecoder();
  const end = new RegExp(`\\n${SEQ}\\n[^\\n]*# $`);
  let measuring = false;
  port.onData((chunk) => {
    const at = performance.now();
    bytes += chunk.length;
    text = (text + decoder.decode(chunk, { stream: true }).replace(/\r/g, '')).slice(-4096);
    if (measuring && doneAt === 0 && end.test(text.replace(CSI, ''))) doneAt = at;
  });
  const promptDeadline = Date.now() + 60_000;
  for (;;) {
    text = '';
    port.write('\r');
    try {
      await waitUntil(() => PROMPT_AT_END.test(text.replace(CSI, '')), 1500, 'a prompt');
      break;
    } catch (e) {
      if (Date.now() > promptDeadline) throw e;
    }
  }
  await new Promise((r) => setTimeout(r, 300)); // let stray output settle
  text = '';
  bytes = 0;
  measuring = true;
  const t0 = performance.now();
  port.write(`seq 1 ${SEQ}\r`);
  await waitUntil(() => doneAt > 0, 120_000, `seq 1 ${SEQ} to finish`);
  return { bytes, ms: doneAt - t0 };
}

async function consoleBench(driver: LibvirtSshDriver): Promise<void> {
  const tiny = (await driver.vmList()).find((v) => v.name === tb.guest.name)!;
  const viaDriver: { bytes: number; ms: number }[] = [];
  const viaSsh: { bytes: number; ms: number }[] = [];
  for (let i = 0; i < CONSOLE_RUNS; i++) {
    // Each takes the console over from the other (--force).
    const d = await driverConsole(driver, tiny.id);
    viaDriver.push(await consoleRun(d));
    await d.close();
    const s = rawSshConsole(tb.guest.name);
    viaSsh.push(await consoleRun(s));
    await s.close();
  }
  const rate = (xs: { bytes: number; ms: number }[]) =>
    median(xs.map((x) => (x.bytes / x.ms) * 1000));
  const driverRate = rate(viaDriver);
  const sshRate = rate(viaSsh);
  console.log(
    JSON.stringify({
      bench: 'ssh-console',
      command: `seq 1 ${SEQ}`,
      runs: CONSOLE_RUNS,
      virtdesk_bytes: viaDriver[0]!.bytes,
      virtdesk_bytes_per_s: Math.round(driverRate),
      virtdesk_ms: Math.round(median(viaDriver.map((x) => x.ms))),
      raw_ssh_bytes: viaSsh[0]!.bytes,
      raw_ssh_bytes_per_s: Math.round(sshRate),
      raw_ssh_ms: Math.round(median(viaSsh.map((x) => x.ms))),
      ratio_virtdesk_over_raw_ssh: r2(driverRate / sshRate),
      goal_ratio_min: 0.9,
      note: "same guest output both ways; the TCG guest's emulated UART is the shared limit",
    }),
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  tb = requireTestbed();
  home = makeSshHome(tb, { keys: ['key'] });
  const uri = tb.libvirt.system;
  const off = async () => {
    if ((await hostVirsh(uri, 'domstate', tb.guest.name)) !== 'shut off')
      await hostVirsh(uri, 'destroy', tb.guest.name);
  };
  undefineOnSignal(uri, PREFIX);
  let failed = false;
  try {
    await off();
    await inventoryBench();
    await consoleBench(await eventBench());
  } catch (e) {
    failed = true;
    console.error(e);
  } finally {
    for (const d of [...drivers]) await closeDriver(d).catch(() => {});
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await undefineWithPrefix(uri, PREFIX).catch((e: unknown) => console.error(e));
    await off().catch((e: unknown) => console.error(e));
    home.cleanup();
  }
  process.exit(failed ? 1 : 0);
}

void main();
