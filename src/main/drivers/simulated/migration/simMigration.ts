// Live migration between simulated hosts, on the virtual clock: the pre-copy model of
// shared/precopy.ts advanced every JOB_PROGRESS_INTERVAL_MS with the guest's dirty rate as it is
// at that moment (idle, or raised by stress-ng in its console), so a forecast made with the same
// inputs is the outcome. At the end the VM, its definitions and its running guest console (the
// session, the attached window) move to the destination host, which must be simulated too.
import { VirtdeskError } from '../../../../shared/errors';
import { JOB_PROGRESS_INTERVAL_MS } from '../../../../shared/jobs';
import { isActive } from '../../../../shared/lifecycle';
import type {
  DirtyRate,
  MigrationOptions,
  MigrationProblem,
  MigrationProgress,
} from '../../../../shared/migration';
import { DEFAULT_MAX_DOWNTIME_MS } from '../../../../shared/migration';
import type { HostHardware } from '../../../../shared/model';
import type { PrecopyParams, PrecopyState } from '../../../../shared/precopy';
import {
  advancePrecopy,
  forecastPrecopy,
  remainingBytes,
  startPrecopy,
  switchToPostcopy,
} from '../../../../shared/precopy';
import type { Clock } from '../../clock';
import { domainMigrationFacts } from '../../common/migrationChecks';
import type {
  MigrationHostFacts,
  MigrationOps,
  MigrationOutcome,
  MigrationRequest,
  MigrationRun,
  MigrationVmFacts,
} from '../../migrationOps';
import type { ConsoleHandoff, SimConsoles } from '../consoles';
import type { SimVm, SimVmState } from '../simVm';
import type { StoragePools } from '../storage/pools';
import {
  HOST_RESERVED_BYTES,
  SIM_LINK_BYTES_PER_SEC,
  hostCpuFeatures,
  idleDirtyRate,
} from './simLink';

const MiB = 2 ** 20;
/** How long vmDirtyRate samples, as `domdirtyrate-calc --seconds 1` does. */
export const DIRTY_RATE_SAMPLE_MS = 1000;

export interface SimMigrationDeps {
  hostId: string;
  name: string;
  clock: Clock;
  hardware: HostHardware;
  pools: StoragePools;
  consoles: SimConsoles;
  find(vmId: string): SimVm;
  vms(): Iterable<SimVm>;
  snapshotCount(vmId: string): number;
  /** The VM moved away: undefine it, or keep its definition shut off. Announced when stored. */
  departed(vmId: string, keepDefinition: boolean): Promise<void>;
  /** A VM moved here, with its running guest console when it runs. Announced when stored. */
  arrived(state: SimVmState, console: ConsoleHandoff | null, newImages: boolean): Promise<void>;
}

interface Arrival {
  state: SimVmState;
  console: ConsoleHandoff | null;
  images: { path: string; format: string; capacityBytes: number; allocationBytes: number }[];
}

export class SimMigration implements MigrationOps {
  readonly linkBytesPerSec = SIM_LINK_BYTES_PER_SEC;
  constructor(private readonly deps: SimMigrationDeps) {}

  async vmFacts(vmId: string): Promise<MigrationVmFacts> {
    const vm = this.deps.find(vmId);
    const facts = domainMigrationFacts((vm.live ?? vm.config).text);
    const devices = new Map(this.deps.hardware.pciDevices.map((d) => [d.address, d]));
    return {
      id: vm.id,
      name: vm.view.name,
      state: vm.state,
      memoryBytes: vm.view.memoryKiB * 1024,
      cpu: facts.cpu,
      hostdevs: facts.hostdevs.map((h) => {
        const dev = devices.get(h.replace(/^(PCI|network VF) /, ''));
        return dev ? `${h} (${dev.product})` : h;
      }),
      disks: facts.disks.map((d) => ({
        target: d.target,
        path: d.path,
        shared: d.network || this.deps.pools.poolAt(d.path)?.type === 'netfs',
      })),
      hostCpuModel: this.deps.hardware.cpuModel,
      snapshotCount: this.deps.snapshotCount(vmId),
      xml: (vm.live ?? vm.config).text,
    };
  }

  async hostFacts(vm: MigrationVmFacts): Promise<MigrationHostFacts> {
    const have = new Set(hostCpuFeatures(this.deps.hardware));
    const missing = vm.cpu.required.filter((f) => !have.has(f));
    const vms = [...this.deps.vms()];
    const used = vms
      .filter((vm) => isActive(vm.state))
      .reduce((sum, vm) => sum + vm.view.memoryKiB * 1024, 0);
    return {
      freeMemoryBytes: Math.max(
        0,
        this.deps.hardware.memoryKiB * 1024 - HOST_RESERVED_BYTES - used,
      ),
      cpuModel: this.deps.hardware.cpuModel,
      cpuIncompatible:
        missing.length === 0
          ? null
          : `it lacks ${missing.length === 1 ? 'the feature' : 'the features'} ${missing.join(', ')}`,
      vms: vms.map((vm) => ({ id: vm.id, name: vm.view.name })),
    };
  }

  async pathsPresent(paths: readonly string[]): Promise<string[]> {
    return paths.filter((p) => this.deps.pools.capacityOf(p) !== null);
  }

  async incomingUri(): Promise<string> {
    return `sim://${this.deps.hostId}`;
  }

  async reach(destUri: string): Promise<MigrationProblem | null> {
    if (/^sim:\/\/[A-Za-z0-9_.-]+$/.test(destUri)) return null;
    return {
      code: 'unreachable',
      level: 'error',
      message: `${this.deps.name} cannot reach ${destUri}: simulated hosts reach each other only as sim://HOST.`,
      fix: 'Clear the destination URI under Advanced to use the derived one.',
    };
  }

  async dirtyRate(vmId: string): Promise<DirtyRate> {
    const vm = this.deps.find(vmId);
    if (vm.state !== 'running')
      throw new VirtdeskError(
        'INVALID_STATE',
        `${vm.view.name} is ${vm.state === 'shutoff' ? 'shut off' : vm.state}: only a running guest dirties memory.`,
      );
    await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, DIRTY_RATE_SAMPLE_MS));
    return {
      bytesPerSec: this.guestDirtyRate(vmId),
      sampleMs: DIRTY_RATE_SAMPLE_MS,
      measuredAt: this.deps.clock.now(),
    };
  }

  /** What the guest dirties now: nothing while paused or off, else idle plus its workload. */
  guestDirtyRate(vmId: string): number {
    const vm = this.deps.find(vmId);
    if (vm.state !== 'running') return 0;
    return idleDirtyRate(vm.view.memoryKiB * 1024) + this.deps.consoles.workloadBytesPerSec(vmId);
  }

  /** The destination's side of the hand-over; checks room for copied images first. */
  async arrive(a: Arrival): Promise<void> {
    for (const img of a.images) this.deps.pools.receiveImage(img, true);
    for (const img of a.images) this.deps.pools.receiveImage(img);
    await this.deps.arrived(a.state, a.console, a.images.length > 0);
  }

  async start(req: MigrationRequest): Promise<MigrationRun> {
    const dest = req.dest;
    if (!(dest instanceof SimMigration))
      throw new VirtdeskError('UNSUPPORTED', 'A simulated VM can only move to a simulated host.');
    const vm = this.deps.find(req.vmId);
    const images =
      req.options.live && req.options.storage !== 'shared' ? this.imagesToCopy(vm, dest) : [];
    for (const img of images) dest.deps.pools.receiveImage(img, true);
    return new SimRun(this, dest, this.deps, req, images);
  }

  private imagesToCopy(vm: SimVm, dest: SimMigration): Arrival['images'] {
    const out: Arrival['images'] = [];
    for (const disk of domainMigrationFacts((vm.live ?? vm.config).text).disks) {
      if (disk.network || dest.deps.pools.capacityOf(disk.path) !== null) continue;
      const pool = this.deps.pools.poolAt(disk.path);
      const vol = pool && this.deps.pools.volumeAt(pool, disk.path);
      const capacity = vol?.capacityBytes ?? this.deps.pools.capacityOf(disk.path) ?? 0;
      out.push({
        path: disk.path,
        format: vol?.format ?? 'qcow2',
        capacityBytes: capacity,
        allocationBytes: vol?.allocationBytes ?? capacity,
      });
    }
    return out;
  }
}

/** One migration under way on the source host. */
class SimRun implements MigrationRun {
  readonly done: Promise<MigrationOutcome>;
  private settle!: (o: MigrationOutcome) => void;
  private state: PrecopyState;
  private options: MigrationOptions;
  private timer: unknown = null;
  private lastAt: number;
  /** Disk data still to copy before memory (storage copy), in bytes. */
  private diskLeft: number;
  private ended = false;

  constructor(
    private readonly source: SimMigration,
    private readonly dest: SimMigration,
    private readonly deps: SimMigrationDeps,
    private readonly req: MigrationRequest,
    private readonly images: Arrival['images'],
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    this.options = { ...req.options };
    this.lastAt = deps.clock.now();
    this.diskLeft = images.reduce((n, i) => n + i.allocationBytes, 0);
    this.state = startPrecopy(this.params());
    if (!req.options.live) {
      // Only the definition moves: nothing to copy, nothing to wait for.
      this.state = { ...this.state, phase: 'done', passLeftBytes: 0 };
    }
    this.schedule(0);
  }

  async cancel(): Promise<void> {
    this.assertRunning();
    if (this.state.phase === 'postcopy')
      throw new VirtdeskError(
        'INVALID_STATE',
        `${this.vmName()} already runs on the destination (post-copy): it can no longer be cancelled.`,
      );
    this.stop();
    this.settle({
      state: 'cancelled',
      error: `Cancelled: ${this.vmName()} keeps running on ${this.deps.name}.`,
    });
  }

  async postcopy(): Promise<void> {
    this.assertRunning();
    this.catchUp();
    if (this.state.phase !== 'precopy' || this.diskLeft > 0)
      throw new VirtdeskError(
        'INVALID_STATE',
        this.diskLeft > 0
          ? 'Post-copy is possible once the disks are copied.'
          : `The migration is in ${this.state.phase}: post-copy is possible only during pre-copy.`,
      );
    this.state = switchToPostcopy(this.state);
    this.reschedule();
  }

  async tune(change: {
    bandwidthMiBs: number | null;
    maxDowntimeMs: number | null;
  }): Promise<void> {
    this.assertRunning();
    this.catchUp();
    if (change.bandwidthMiBs !== null) this.options.bandwidthMiBs = change.bandwidthMiBs;
    if (change.maxDowntimeMs !== null) this.options.maxDowntimeMs = change.maxDowntimeMs;
    this.reschedule();
  }

  private params(): PrecopyParams {
    const vm = this.deps.find(this.req.vmId);
    const bw = this.options.bandwidthMiBs;
    return {
      memoryBytes: vm.view.memoryKiB * 1024,
      dirtyRateBytesPerSec: this.source.guestDirtyRate(vm.id),
      bandwidthBytesPerSec:
        bw === null ? SIM_LINK_BYTES_PER_SEC : Math.min(SIM_LINK_BYTES_PER_SEC, bw * MiB),
      maxDowntimeMs: this.options.maxDowntimeMs ?? DEFAULT_MAX_DOWNTIME_MS,
      autoConverge: this.options.autoConverge,
    };
  }

  /** Advances the model to now with the inputs as they were since the last step. */
  private catchUp(): void {
    const now = this.deps.clock.now();
    let dt = now - this.lastAt;
    this.lastAt = now;
    const p = this.params();
    if (this.diskLeft > 0 && dt > 0) {
      const copied = Math.min(this.diskLeft, (p.bandwidthBytesPerSec * dt) / 1000);
      dt -= (copied * 1000) / p.bandwidthBytesPerSec;
      this.diskLeft -= copied;
      if (this.diskLeft < 1) this.diskLeft = 0;
    }
    if (dt > 0 && this.diskLeft === 0) this.state = advancePrecopy(p, this.state, dt);
  }

  private tick(): void {
    this.timer = null;
    if (this.ended) return;
    try {
      this.catchUp();
    } catch (e) {
      // The VM went away under the migration (deleted, host closing).
      return this.fail(e instanceof Error ? e.message : String(e));
    }
    const vm = this.deps.find(this.req.vmId);
    if (this.options.live && !isActive(vm.state))
      return this.fail(`${vm.view.name} stopped during the migration.`);
    this.req.onProgress(this.progress());
    if (this.state.phase === 'done') return void this.finish();
    this.reschedule();
  }

  /** The next report in JOB_PROGRESS_INTERVAL_MS, or when the model says it ends, if sooner. */
  private reschedule(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    let wait = JOB_PROGRESS_INTERVAL_MS;
    if (this.diskLeft === 0) {
      const peek = advancePrecopy(this.params(), this.state, JOB_PROGRESS_INTERVAL_MS);
      // Whole milliseconds: a clock at 1.7e12 ms cannot move by less, and a wait of 0 would spin.
      if (peek.phase === 'done')
        wait = Math.max(1, Math.ceil(peek.elapsedMs - this.state.elapsedMs));
    }
    this.schedule(wait);
  }

  private schedule(ms: number): void {
    this.timer = this.deps.clock.setTimeout(() => this.tick(), ms);
  }

  private progress(): MigrationProgress {
    const p = this.params();
    const s = this.state;
    const remaining = this.diskLeft > 0 ? p.memoryBytes : remainingBytes(s);
    const forecast = s.phase === 'done' ? null : this.diskLeft > 0 ? null : forecastPrecopy(p, s);
    const phase = this.diskLeft > 0 ? 'setup' : s.phase;
    return {
      phase,
      iteration: s.iteration,
      memoryTotalBytes: p.memoryBytes,
      memoryTransferredBytes: Math.round(s.transferredBytes),
      memoryRemainingBytes: Math.round(remaining),
      dirtyRateBytesPerSec: Math.round(
        phase === 'precopy' ? (p.dirtyRateBytesPerSec * (100 - s.throttlePercent)) / 100 : 0,
      ),
      bandwidthBytesPerSec: Math.round(p.bandwidthBytesPerSec),
      expectedDowntimeMs: Math.round((remaining * 1000) / p.bandwidthBytesPerSec),
      etaMs:
        s.phase === 'done'
          ? 0
          : s.phase === 'postcopy' || s.phase === 'stop-and-copy'
            ? Math.round((remaining * 1000) / p.bandwidthBytesPerSec)
            : forecast?.converges
              ? Math.round(forecast.totalMs - s.elapsedMs)
              : null,
      throttlePercent: s.throttlePercent,
      bandwidthMiBs: this.options.bandwidthMiBs,
      maxDowntimeMs: p.maxDowntimeMs,
      postcopyAvailable: this.options.postcopy && phase === 'precopy',
    };
  }

  /** Hands the VM to the destination; the source undefines it or keeps it shut off. */
  private async finish(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.timer = null;
    const vmId = this.req.vmId;
    let console: ConsoleHandoff | null = null;
    try {
      const vm = this.deps.find(vmId);
      console = this.deps.consoles.release(vmId);
      const moved: SimVmState = {
        id: vm.id,
        state: vm.state,
        guest: vm.guest,
        autostart: false,
        // --persistent defines the destination with the definition the guest runs on.
        config: vm.live ?? vm.config,
        live: vm.live,
        pendingChanges: false,
      };
      await this.dest.arrive({ state: moved, console, images: this.images });
      console = null;
      await this.deps.departed(vmId, !this.options.undefineSource);
      this.settle({ state: 'completed', downtimeMs: Math.round(this.state.downtimeMs) });
    } catch (e) {
      if (console) {
        const vm = this.deps.find(vmId);
        this.deps.consoles.adopt(vmId, console, vm.state === 'paused');
      }
      this.settle({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
    }
  }

  private fail(error: string): void {
    this.stop();
    this.settle({ state: 'failed', error });
  }

  private stop(): void {
    this.ended = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private assertRunning(): void {
    if (this.ended)
      throw new VirtdeskError('INVALID_STATE', `The migration of ${this.vmName()} has ended.`);
  }

  private vmName(): string {
    try {
      return this.deps.find(this.req.vmId).view.name;
    } catch {
      return this.req.vmId;
    }
  }
}
