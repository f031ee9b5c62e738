// Live migration on libvirt hosts (MigrationOps). `virsh migrate` runs on the source host in a
// channel of its own, tied to it (a pty over SSH), so the persistent session stays free for
// `domjobinfo` every JOB_POLL_MS and at once on each migration-iteration event;
// cancel is `domjobabort`, the switch `migrate-postcopy`, tuning `migrate-setspeed` /
// `migrate-setmaxdowntime`. The destination URI the source is given is derived from both
// connections (migrationUri.ts); whether the source can use it is asked of the source itself.
import { VirtdeskError } from '../../../shared/errors';
import { JOB_PROGRESS_INTERVAL_MS } from '../../../shared/jobs';
import type { DirtyRate, MigrationOptions, MigrationProblem } from '../../../shared/migration';
import type { Clock } from '../clock';
import { domainMigrationFacts } from '../common/migrationChecks';
import type {
  MigrationHostFacts,
  MigrationOps,
  MigrationOutcome,
  MigrationRequest,
  MigrationRun,
  MigrationVmFacts,
} from '../migrationOps';
import type { Virsh } from './domain';
import type { DomainEventLine } from './eventLine';
import type { HostFacts } from './host';
import {
  JOB_NONE,
  migrateWords,
  parseDirtyRate,
  parseFreeMemory,
  parseJobStats,
  progressOf,
} from './migrateCommand';
import { destUriFor, sameMachine } from './migrationUri';
import { virshLine } from './quote';
import type { ExecTarget } from './storageWrites';
import type { HostTarget } from './target';
import { virshArgv } from './virsh';
import { commandFailure } from './virshErrors';
import type { DomainRecord } from './vmRecord';

/** How long the source may take to answer whether it reaches the destination. */
export const REACH_TIMEOUT_MS = 15_000;
const DIRTY_RATE_SECONDS = 1;
/**
 * domjobinfo twice per JOB_PROGRESS_INTERVAL_MS: on a busy host a reply can take longer than the
 * interval, and a poll still in flight skips the next, so polling at the interval itself would
 * fall below 2 Hz. The registry merges what comes faster.
 */
export const JOB_POLL_MS = JOB_PROGRESS_INTERVAL_MS / 2;
const DEFAULT_DOWNTIME_MS = 300;

export interface MigrationHost {
  names(): { hostId: string; hostName: string };
  clock: Clock;
  virsh(): Virsh;
  exec(): ExecTarget;
  target(): HostTarget;
  facts(): HostFacts;
  find(vmId: string): DomainRecord;
  domains(): DomainRecord[];
  /** Domain events from the host's event channel while connected. */
  onDomainEvent(listener: (e: DomainEventLine) => void): () => void;
  /** Re-reads a domain (vm-changed, or vm-removed when it is gone). */
  reread(vmId: string): Promise<DomainRecord | null>;
}

interface Ran {
  code: number | null;
  out: string;
}

/** Runs argv on the host in a channel of its own; stdout and stderr together (a pty merges them). */
async function run(
  t: ExecTarget,
  argv: readonly string[],
  opts: { input?: string; timeoutMs?: number; tied?: boolean } = {},
): Promise<Ran> {
  const channel = await t.transport.exec(argv, {
    ...(opts.input !== undefined ? { stdinAsFile: true } : {}),
    ...(opts.tied ? { endsWithChannel: true } : {}),
  });
  return new Promise((resolve) => {
    let out = '';
    let code: number | null = null;
    const timer =
      opts.timeoutMs === undefined
        ? null
        : setTimeout(() => {
            out += `\nerror: no answer within ${Math.round((opts.timeoutMs ?? 0) / 1000)} s`;
            channel.close();
          }, opts.timeoutMs);
    channel.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    channel.on('data', (d: Buffer) => (out += d.toString('utf8')));
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => {
      if (timer) clearTimeout(timer);
      resolve({ code, out: out.replace(/\r\n/g, '\n') });
    });
    if (opts.input !== undefined) channel.end(opts.input);
  });
}

/** The `error:` lines of virsh output, joined: libvirt's own words. */
const errorText = (out: string): string =>
  out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('error:'))
    .map((l) => l.replace(/^error:\s*/, ''))
    .join(': ') || out.trim();

const dom = (id: string) => ['--domain', id] as const;

export class SshMigration implements MigrationOps {
  /** libvirt does not know the network between two hosts. */
  readonly linkBytesPerSec = null;
  constructor(private readonly host: MigrationHost) {}

  /** The connection, for deriving URIs between two libvirt hosts. */
  target(): HostTarget {
    return this.host.target();
  }

  async vmFacts(vmId: string): Promise<MigrationVmFacts> {
    const r = this.host.find(vmId);
    const xml = (r.live ?? r.config).text;
    const facts = domainMigrationFacts(xml);
    const snapshots = await this.host
      .virsh()
      .call(virshLine('snapshot-list', dom(vmId), '--name'))
      .then((out) => out.split('\n').filter((l) => l.trim() !== '').length)
      .catch(() => 0);
    return {
      id: r.id,
      name: r.view.name,
      state: r.state,
      memoryBytes: r.view.memoryKiB * 1024,
      cpu: facts.cpu,
      hostdevs: facts.hostdevs,
      // libvirt itself proves only network disks shared; a file is judged by the check below.
      disks: facts.disks.map((d) => ({ target: d.target, path: d.path, shared: d.network })),
      hostCpuModel: this.host.facts().hardware.cpuModel,
      snapshotCount: snapshots,
      xml,
    };
  }

  async hostFacts(vm: MigrationVmFacts): Promise<MigrationHostFacts> {
    const [mem, cpu] = await Promise.all([
      this.host
        .virsh()
        .call('nodememstats')
        .then(parseFreeMemory)
        .catch(() => null),
      run(
        this.host.exec(),
        virshArgv(this.host.exec().virshUri, 'hypervisor-cpu-compare', '--error', '/dev/stdin'),
        {
          input: vm.xml,
        },
      ),
    ]);
    const incompatible =
      cpu.code === 0
        ? null
        : (/incompatible with host CPU:\s*(.*)$/m.exec(cpu.out)?.[1] ?? errorText(cpu.out)).replace(
            /\.$/,
            '',
          );
    return {
      freeMemoryBytes: mem,
      cpuModel: this.host.facts().hardware.cpuModel,
      cpuIncompatible: incompatible,
      vms: this.host.domains().map((d) => ({ id: d.id, name: d.view.name })),
    };
  }

  async pathsPresent(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const script = 'for p do if test -e "$p"; then printf "%s\\n" "$p"; fi; done';
    const r = await run(this.host.exec(), ['sh', '-c', script, 'sh', ...paths]);
    const found = new Set(r.out.split('\n'));
    return paths.filter((p) => found.has(p));
  }

  async incomingUri(source: MigrationOps): Promise<string> {
    const from = source instanceof SshMigration ? source.target() : this.target();
    const to = this.target();
    const needsSocket = sameMachine(from, to) && to.virshUri === 'qemu:///session';
    return destUriFor(from, to, needsSocket ? await this.sessionSocket() : null);
  }

  /** Where this host's session daemon listens, as libvirt computes it for the SSH user. */
  private async sessionSocket(): Promise<string | null> {
    const r = await run(this.host.exec(), [
      'sh',
      '-c',
      'printf "%s\\n" "${XDG_RUNTIME_DIR:-$HOME/.cache}/libvirt/libvirt-sock"',
    ]);
    const line = r.out.trim().split('\n').pop();
    return r.code === 0 && line?.startsWith('/') ? line : null;
  }

  async reach(destUri: string): Promise<MigrationProblem | null> {
    const t = this.host.exec();
    const r = await run(t, virshArgv(destUri, 'uri'), { tied: true, timeoutMs: REACH_TIMEOUT_MS });
    if (r.code === 0) return null;
    const { hostName } = this.host.names();
    const ssh = destUri.startsWith('qemu+ssh://');
    return {
      code: 'unreachable',
      level: 'error',
      message: `${hostName} cannot reach ${destUri}: ${errorText(r.out)}.`,
      fix: ssh
        ? `The source connects to the destination itself: give the source host's user an SSH key the destination accepts (ssh-copy-id), accept the destination's host key there once (ssh to it), or set the destination URI under Advanced.`
        : `Check that the destination's libvirt daemon runs and that its socket is open to the source's user, or set the destination URI under Advanced.`,
    };
  }

  async dirtyRate(vmId: string): Promise<DirtyRate> {
    const r = this.host.find(vmId);
    if (r.state !== 'running')
      throw new VirtdeskError(
        'INVALID_STATE',
        `${r.view.name} is ${r.state === 'shutoff' ? 'shut off' : r.state}: only a running guest dirties memory.`,
      );
    const virsh = this.host.virsh();
    await virsh.call(
      virshLine('domdirtyrate-calc', dom(vmId), ['--seconds', String(DIRTY_RATE_SECONDS)]),
    );
    const started = this.host.clock.now();
    for (let wait = DIRTY_RATE_SECONDS * 1000 + 100; ; wait = 200) {
      await new Promise<void>((resolve) => this.host.clock.setTimeout(resolve, wait));
      const rate = parseDirtyRate(
        await virsh.call(virshLine('domstats', '--dirtyrate', dom(vmId))),
      );
      if (rate)
        return {
          bytesPerSec: rate.bytesPerSec,
          sampleMs: rate.periodS * 1000,
          measuredAt: this.host.clock.now(),
        };
      if (this.host.clock.now() - started > 10_000)
        throw new VirtdeskError(
          'HOST_ERROR',
          `The dirty rate of ${r.view.name} was not measured within 10 s.`,
        );
    }
  }

  /** The destination's side once a migration here completed: re-read, and the real downtime. */
  async arrived(vmId: string): Promise<number | null> {
    const [out] = await Promise.all([
      this.host
        .virsh()
        .call(virshLine('domjobinfo', dom(vmId), '--completed', '--rawstats'))
        .catch(() => ''),
      this.host.reread(vmId).catch(() => null),
    ]);
    const downtime = parseJobStats(out).fields.get('downtime');
    return downtime ?? null;
  }

  async start(req: MigrationRequest): Promise<MigrationRun> {
    if (!(req.dest instanceof SshMigration))
      throw new VirtdeskError('UNSUPPORTED', 'A libvirt VM can only move to a libvirt host.');
    const r = this.host.find(req.vmId);
    const virsh = this.host.virsh();
    // Set before the job starts (libvirt keeps it per domain); read back when left unset.
    let maxDowntimeMs = req.options.maxDowntimeMs;
    if (maxDowntimeMs !== null && req.options.live)
      await virsh.call(
        virshLine('migrate-setmaxdowntime', dom(req.vmId), ['--downtime', String(maxDowntimeMs)]),
      );
    else if (req.options.live)
      maxDowntimeMs = await virsh
        .call(virshLine('migrate-getmaxdowntime', dom(req.vmId)))
        .then((s) => Number(s.trim()) || DEFAULT_DOWNTIME_MS)
        .catch(() => DEFAULT_DOWNTIME_MS);
    const t = this.host.exec();
    const channel = await t.transport.exec(
      virshArgv(t.virshUri, ...migrateWords(req.vmId, req.destUri, req.options)),
      { endsWithChannel: true },
    );
    return new SshRun(this.host, req.dest, req, r, channel, maxDowntimeMs ?? DEFAULT_DOWNTIME_MS);
  }
}

/** One `virsh migrate` under way, watched from the persistent session. */
class SshRun implements MigrationRun {
  readonly done: Promise<MigrationOutcome>;
  private settle!: (o: MigrationOutcome) => void;
  private timer: unknown = null;
  private ended = false;
  private cancelling = false;
  private postcopyOn = false;
  private polling = false;
  private readonly options: MigrationOptions;
  private readonly offEvents: () => void;

  constructor(
    private readonly host: MigrationHost,
    private readonly dest: SshMigration,
    private readonly req: MigrationRequest,
    private readonly record: DomainRecord,
    channel: Awaited<ReturnType<ExecTarget['transport']['exec']>>,
    private maxDowntimeMs: number,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    this.options = { ...req.options };
    let out = '';
    let code: number | null = null;
    channel.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    channel.on('data', (d: Buffer) => (out += d.toString('utf8')));
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => void this.finish(code, out.replace(/\r\n/g, '\n')));
    const name = record.view.name;
    this.offEvents = host.onDomainEvent((e) => {
      if (e.name === name && (e.type === 'migration-iteration' || e.type === 'job-completed'))
        void this.poll();
    });
    this.schedule();
  }

  async cancel(): Promise<void> {
    this.assertRunning();
    if (this.postcopyOn)
      throw new VirtdeskError(
        'INVALID_STATE',
        `${this.record.view.name} already runs on the destination (post-copy): it can no longer be cancelled.`,
      );
    this.cancelling = true;
    await this.host.virsh().call(virshLine('domjobabort', dom(this.req.vmId)));
    // Resolves once virsh migrate has ended, so the VM is back on the source when we answer.
    await this.done;
  }

  async postcopy(): Promise<void> {
    this.assertRunning();
    await this.host.virsh().call(virshLine('migrate-postcopy', dom(this.req.vmId)));
    this.postcopyOn = true;
    void this.poll();
  }

  async tune(change: {
    bandwidthMiBs: number | null;
    maxDowntimeMs: number | null;
  }): Promise<void> {
    this.assertRunning();
    const virsh = this.host.virsh();
    if (change.bandwidthMiBs !== null) {
      await virsh.call(
        virshLine('migrate-setspeed', dom(this.req.vmId), [
          '--bandwidth',
          String(change.bandwidthMiBs),
        ]),
      );
      this.options.bandwidthMiBs = change.bandwidthMiBs;
    }
    if (change.maxDowntimeMs !== null) {
      await virsh.call(
        virshLine('migrate-setmaxdowntime', dom(this.req.vmId), [
          '--downtime',
          String(change.maxDowntimeMs),
        ]),
      );
      this.maxDowntimeMs = change.maxDowntimeMs;
    }
    void this.poll();
  }

  /** A poll every JOB_POLL_MS from the start of the last, so slow replies do not stretch it. */
  private schedule(): void {
    if (this.ended) return;
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = null;
      this.schedule();
      void this.poll();
    }, JOB_POLL_MS);
  }

  private async poll(): Promise<void> {
    if (this.ended || this.polling) return;
    this.polling = true;
    try {
      const out = await this.host
        .virsh()
        .call(virshLine('domjobinfo', dom(this.req.vmId), '--rawstats'));
      const { jobType, fields } = parseJobStats(out);
      if (this.ended || jobType === JOB_NONE) return;
      this.req.onProgress(
        progressOf(fields, {
          postcopy: this.postcopyOn,
          options: this.options,
          maxDowntimeMs: this.maxDowntimeMs,
          memoryBytes: this.record.view.memoryKiB * 1024,
        }),
      );
    } catch {
      // The domain is gone from the source at the very end, or the session is busy: next tick.
    } finally {
      this.polling = false;
    }
  }

  private async finish(code: number | null, out: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.offEvents();
    if (this.timer !== null) this.host.clock.clearTimeout(this.timer);
    const name = this.record.view.name;
    const { hostName } = this.host.names();
    if (code === 0) {
      const [downtime] = await Promise.all([
        this.dest.arrived(this.req.vmId),
        this.host.reread(this.req.vmId).catch(() => null),
      ]);
      return this.settle({ state: 'completed', downtimeMs: downtime });
    }
    await this.host.reread(this.req.vmId).catch(() => null);
    if (this.cancelling)
      return this.settle({
        state: 'cancelled',
        error: `Cancelled: ${name} keeps running on ${hostName}.`,
      });
    const why =
      code === null && out.trim() === ''
        ? `the connection to ${hostName} was lost`
        : errorText(out) || commandFailure(code, out, hostName).message;
    this.settle({ state: 'failed', error: `Migrating ${name} failed: ${why}.` });
  }

  private assertRunning(): void {
    if (this.ended)
      throw new VirtdeskError(
        'INVALID_STATE',
        `The migration of ${this.record.view.name} has ended.`,
      );
  }
}
