// bench/ssh-phases: where a connect + inventory of the testbed's domains spends its time, phase by
// phase, next to python3-libvirt's own phases measured in the same run (npm run testbed:up).
// virtdesk's phases are the building blocks HostSession.open runs, in its order and pipelining:
//   ssh      TCP, key exchange, host key check, authentication (ssh2)
//   channel  the exec channel of the persistent virsh session opened (sshd starts the command)
//   check    virsh started, connected to libvirtd, `uri` answered
//   facts    the host's facts (capabilities, nodeinfo, version, freepages, networks, PCI devices)
//   scan     the domain lists and domstats (written with the facts, behind the check)
//   docs     every domain's XML fetched and parsed (batches of DOCS_CHUNK)
// python3-libvirt's: open (ssh child, handshake, libvirt's RPC open), getAllDomainStats, then
// XMLDesc of each domain; its CPU is its own plus its ssh child's. Beside both, the driver's own
// connect (LibvirtSshDriver, connect() to connected) in the same run. Runs alternate, so
// whatever else the machine does hits both alike; figures are medians, CPU as well as wall time
// (on a shared machine the CPU figures are the steadier ones). The bench's domains are defined
// by it and undefined after, also on failure. Prints one JSON line.
// Run: npx tsx bench/sshPhases.ts
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectSsh } from '../src/main/drivers/libvirt-ssh/connection';
import { DocCache } from '../src/main/drivers/libvirt-ssh/docCache';
import { domainDocsRead } from '../src/main/drivers/libvirt-ssh/domainRead';
import { domainScan } from '../src/main/drivers/libvirt-ssh/domainScan';
import { hostRead } from '../src/main/drivers/libvirt-ssh/host';
import { resolveTarget } from '../src/main/drivers/libvirt-ssh/target';
import { VirshSession, virshArgv } from '../src/main/drivers/libvirt-ssh/virsh';
import type { TestbedInfo } from '../test/support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter } from '../test/support/testbed';
import { checkListed, connectBenchDriver, median } from './support/benchDriver';
import { defineCopies, undefineOnSignal, undefineWithPrefix } from './support/hostVirsh';

const run = promisify(execFile);
const PREFIX = 'vdbench-phases-';
const DOMAINS = Number(process.env.VIRTDESK_BENCH_DOMAINS ?? 200);
const ROUNDS = 3;
const PER_ROUND = 3;

const PHASES = ['ssh', 'channel', 'check', 'facts', 'scan', 'docs'] as const;
type Phase = (typeof PHASES)[number];

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let tb: TestbedInfo;
let home: ReturnType<typeof makeSshHome>;

/** One connect from the driver's building blocks; each phase's end, from the start, and CPU. */
async function virtdeskPhases(expected: number) {
  const target = resolveTarget(tb.libvirt.sshUri, { home: home.home, localUser: 'nobody' });
  const at = {} as Record<Phase, number>;
  const c0 = cpuMs();
  const t0 = performance.now();
  const mark = (p: Phase) => (at[p] = performance.now() - t0);
  const link = await connectSsh({
    target,
    prompter: scriptedPrompter({}).prompter,
    appKnownHostsFile: home.appKnownHosts,
    sshAuthSock: null,
    home: home.home,
  });
  mark('ssh');
  // What VirshSession.start does, with the channel's opening timed on its own.
  const exec = link.exec.bind(link);
  link.exec = async (argv, opts) => {
    const ch = await exec(argv, opts);
    if (argv.join(' ') === virshArgv(target.virshUri).join(' ')) mark('channel');
    return ch;
  };
  try {
    const { session: virsh, checked } = await VirshSession.start(link, {
      uri: target.virshUri,
      hostName: target.hostName,
    });
    const facts = hostRead({ virsh }).then((f) => (mark('facts'), f));
    const scanned = domainScan({ virsh }).then((s) => (mark('scan'), s));
    await checked;
    mark('check');
    const scan = await scanned;
    const records = await domainDocsRead({
      virsh,
      hostId: 'tb',
      facts: scan.facts,
      docs: new DocCache(),
    });
    mark('docs');
    await facts;
    const total = performance.now() - t0;
    const cpu = cpuMs() - c0;
    virsh.close();
    const names = [...records.values()].flatMap((r) => (r ? [r.view.name] : []));
    checkListed(names, PREFIX, DOMAINS, 'virtdesk');
    if (records.size < expected) throw new Error(`read ${records.size} of ${expected} domains`);
    return { at, total, cpu };
  } finally {
    link.close();
  }
}

interface PythonRun {
  open: number;
  stats: number;
  xml: number;
  total: number;
  cpu_self: number;
  cpu_children: number;
  domains: number;
}

async function pythonPhases(runs: number): Promise<PythonRun[]> {
  const { stdout } = await run(
    '/usr/bin/python3',
    [join(__dirname, 'support', 'libvirt_phases.py'), tb.libvirt.sshUriWithCommand, String(runs)],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as PythonRun[];
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const med = (xs: number[]) => r1(median(xs));

async function main(): Promise<void> {
  tb = requireTestbed();
  home = makeSshHome(tb, { keys: ['key'] });
  const uri = tb.libvirt.system;
  let failed = false;
  undefineOnSignal(uri, PREFIX);
  try {
    await undefineWithPrefix(uri, PREFIX);
    await defineCopies(uri, tb.guest.name, PREFIX, DOMAINS);
    const expected = DOMAINS + 1; // and vd-tiny; others' domains come and go (checkListed)
    const vd: Awaited<ReturnType<typeof virtdeskPhases>>[] = [];
    const driver: { ms: number; cpu: number }[] = [];
    const py: PythonRun[] = [];
    await virtdeskPhases(expected); // warm-up: the first run in a process loads and compiles code
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < PER_ROUND; i++) vd.push(await virtdeskPhases(expected));
      for (let i = 0; i < PER_ROUND; i++) {
        const c0 = cpuMs();
        const c = await connectBenchDriver(tb, home);
        driver.push({ ms: c.ms, cpu: cpuMs() - c0 });
        await c.driver.close();
      }
      py.push(...(await pythonPhases(PER_ROUND)));
    }
    if (py.some((r) => r.domains < expected)) throw new Error('python listed too few domains');
    // Each phase as its own duration: from the end of the one before it on the critical path.
    const span = (r: (typeof vd)[number], p: Phase): number => {
      const before: Record<Phase, Phase | null> = {
        ssh: null,
        channel: 'ssh',
        check: 'channel',
        facts: 'check',
        scan: 'check',
        docs: 'scan',
      };
      const from = before[p];
      return r.at[p] - (from === null ? 0 : r.at[from]);
    };
    const pyTotal = median(py.map((r) => r.total));
    console.log(
      JSON.stringify({
        bench: 'ssh-phases',
        domains: expected,
        runs: vd.length,
        virtdesk_ms: Object.fromEntries(PHASES.map((p) => [p, med(vd.map((r) => span(r, p)))])),
        virtdesk_total_ms: med(vd.map((r) => r.total)),
        virtdesk_cpu_ms: med(vd.map((r) => r.cpu)),
        driver_connect_ms: med(driver.map((d) => d.ms)),
        driver_connect_cpu_ms: med(driver.map((d) => d.cpu)),
        python_ms: {
          open: med(py.map((r) => r.open)),
          all_domain_stats: med(py.map((r) => r.stats)),
          xml_desc_each: med(py.map((r) => r.xml)),
        },
        python_total_ms: r1(pyTotal),
        python_cpu_ms: med(py.map((r) => r.cpu_self + r.cpu_children)),
        ratio_driver_over_python:
          Math.round((median(driver.map((d) => d.ms)) / pyTotal) * 100) / 100,
        note: 'virtdesk phases: ssh, exec channel, virsh check, then facts and scan from the check (pipelined), docs from the scan; CPU = this process (python: its own + its ssh child); host-side CPU (sshd, virsh, libvirtd) not included',
      }),
    );
  } catch (e) {
    failed = true;
    console.error(e);
  } finally {
    await undefineWithPrefix(uri, PREFIX).catch((e: unknown) => console.error(e));
    home.cleanup();
  }
  process.exit(failed ? 1 : 0);
}

void main();
