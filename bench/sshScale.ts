// bench/ssh-scale: the libvirt-ssh driver with 1,000 defined domains on the real testbed
// (npm run testbed:up), each figure beside a baseline from the same run:
//   connect + inventory, virtdesk vs python3-libvirt (getAllDomainStats + XMLDesc of each);
//   main-process CPU (% of one core) and RSS while idle and connected, with the 3 s stats ticks
//   running (the app always listens) vs without them; CPU per stats tick; then a profiled
//   window of the same length (not measured: the profiler costs CPU itself) splitting a tick's
//   CPU by area (framing, parse, drift, ssh2, gc…) and naming the top functions.
// This process holds the driver exactly as Electron's main process or browser mode does. The
// domains are defined by the bench and undefined after. Prints one JSON line.
// Run: npm run bench:ssh (runs bench/ssh.ts, then this)
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LibvirtSshDriver } from '../src/main/drivers/libvirt-ssh';
import { STATS_INTERVAL_MS } from '../src/shared/model';
import type { TestbedInfo } from '../test/support/testbed';
import { makeSshHome, requireTestbed } from '../test/support/testbed';
import { checkListed, connectBenchDriver, median } from './support/benchDriver';
import { profileWindow } from './support/cpuProfile';
import { defineCopies, hostVirsh, undefineOnSignal, undefineWithPrefix } from './support/hostVirsh';

const run = promisify(execFile);
const PREFIX = 'vdbench-scale-';
const DOMAINS = 1000;
const RUNS = 3;
const IDLE_MS = 30_000;
const r1 = (n: number) => Math.round(n * 10) / 10;
const r2 = (n: number) => Math.round(n * 100) / 100;

let tb: TestbedInfo;
let home: ReturnType<typeof makeSshHome>;

/** CPU of this process over `ms` of doing nothing but what the driver does by itself. */
async function idle(ms: number): Promise<{ cpuPercent: number; cpuMs: number }> {
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000;
  return { cpuPercent: (cpuMs / ms) * 100, cpuMs };
}

/** Commands the driver's virsh session ran, by verb (minus `since`): a tick must not re-read. */
function commandCounts(
  driver: LibvirtSshDriver,
  since: Record<string, number> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const verb of ['domstats', 'dumpxml', 'list', 'dominfo']) {
    out[verb] = driver.commandsSent(verb) - (since[verb] ?? 0);
  }
  return out;
}

async function pythonCold(expected: number): Promise<number> {
  const { stdout } = await run(
    '/usr/bin/python3',
    [
      join(__dirname, 'support', 'libvirt_inventory.py'),
      tb.libvirt.sshUriWithCommand,
      String(RUNS),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const r = JSON.parse(stdout) as { domains: number; cold_ms: number[] };
  // python reports a count only: at least the bench's domains and vd-tiny (see checkListed).
  if (r.domains < expected) throw new Error(`python-libvirt listed ${r.domains} of ${expected}`);
  return median(r.cold_ms);
}

async function main(): Promise<void> {
  tb = requireTestbed();
  home = makeSshHome(tb, { keys: ['key'] });
  const uri = tb.libvirt.system;
  let driver: LibvirtSshDriver | null = null;
  let failed = false;
  undefineOnSignal(uri, PREFIX);
  try {
    await undefineWithPrefix(uri, PREFIX);
    const t = performance.now();
    await defineCopies(uri, tb.guest.name, PREFIX, DOMAINS);
    const defineMs = performance.now() - t;
    const expected = (await hostVirsh(uri, 'list', '--all', '--name'))
      .split('\n')
      .filter(Boolean).length;

    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (driver) await driver.close();
      global.gc?.();
      const c = await connectBenchDriver(tb, home);
      driver = c.driver;
      const names = (await driver.vmList()).map((v) => v.name);
      checkListed(names, PREFIX, DOMAINS, 'virtdesk');
      cold.push(c.ms);
    }
    const python = await pythonCold(DOMAINS + 1);

    // Idle, connected, nobody listening to stats: the baseline.
    await new Promise((r) => setTimeout(r, 2000));
    const quiet = await idle(IDLE_MS);
    // Idle with stats ticks, as in the app.
    let ticks = 0;
    const off = driver!.onStats(() => ticks++);
    await new Promise((r) => setTimeout(r, STATS_INTERVAL_MS + 1000));
    ticks = 0;
    const sentBefore = commandCounts(driver!);
    const busy = await idle(IDLE_MS);
    const ticked = ticks;
    const sent = commandCounts(driver!, sentBefore);
    ticks = 0;
    const profile = await profileWindow(IDLE_MS, { file: process.env.VIRTDESK_BENCH_PROFILE });
    const profiledTicks = ticks;
    off();
    const perTick = (x: number) => r1(x / Math.max(1, profiledTicks));
    const rssMiB = process.memoryUsage().rss / 1024 / 1024;
    console.log(
      JSON.stringify({
        bench: 'ssh-scale',
        domains: expected,
        runs: RUNS,
        virtdesk_connect_inventory_ms: Math.round(median(cold)),
        python_libvirt_connect_inventory_ms: Math.round(python),
        ratio_virtdesk_over_python_connect: r2(median(cold) / python),
        idle_cpu_percent_with_stats: r2(busy.cpuPercent),
        idle_cpu_percent_without_stats: r2(quiet.cpuPercent),
        stats_ticks: ticked,
        cpu_ms_per_stats_tick: ticked > 0 ? r1((busy.cpuMs - quiet.cpuMs) / ticked) : null,
        commands_during_idle: sent,
        profiled_ticks: profiledTicks,
        profile_cpu_ms_per_tick_by_area: Object.fromEntries(
          Object.entries(profile.areasMs)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => [k, perTick(v)]),
        ),
        profile_top_ms_per_tick: profile.top.map(([fn, ms]) => [fn, perTick(ms)]),
        rss_mib: Math.round(rssMiB),
        idle_window_ms: IDLE_MS,
        goal_idle_cpu_percent_max: 2,
        goal_ratio_vs_python_connect_max: 1.3,
        setup_define_ms: Math.round(defineMs),
        note: 'CPU = this process (the driver as main runs it) over the idle window, % of one core; cpu per tick = (with − without) / ticks; profile_* from a separate profiled window of the same length (self time by area / ticks in it)',
      }),
    );
  } catch (e) {
    failed = true;
    console.error(e);
  } finally {
    await driver?.close().catch(() => {});
    await undefineWithPrefix(uri, PREFIX).catch((e: unknown) => console.error(e));
    home.cleanup();
  }
  process.exit(failed ? 1 : 0);
}

void main();
