// The migration verb group (capabilities.migrate). A driver answers for its own host only: facts
// about a VM leaving it, facts about itself as a destination, whether it can reach a destination
// URI, the dirty rate, and running a migration it is the source of. Everything that needs both
// hosts at once (the pre-checks, the job) is the service's (service/migrationHandlers.ts); the
// rules that turn facts into problems are common/migrationChecks.ts.
import type { DirtyRate, MigrationOptions, MigrationProgress } from '../../shared/migration';
import type { MigrationProblem } from '../../shared/migration';
import type { VmState } from '../../shared/model';

/** What the pre-checks need to know of the VM on its source host. */
export interface MigrationVmFacts {
  id: string;
  name: string;
  state: VmState;
  memoryBytes: number;
  /** The domain's <cpu>: mode ('custom' when absent), model, and the features it requires. */
  cpu: { mode: string; model: string | null; required: string[] };
  /** Host devices passed through, in words ("PCI 0000:41:00.0 (Ethernet Controller X710)"). */
  hostdevs: string[];
  /** Disks with an image on the source (not CD-ROMs): whether libvirt can see it is shared. */
  disks: { target: string; path: string; shared: boolean }[];
  /** The source host's CPU, for a host-passthrough guest. */
  hostCpuModel: string | null;
  /** libvirt refuses to migrate a domain with snapshots. */
  snapshotCount: number;
  /** The definition the guest runs on (the destination compares its <cpu>). */
  xml: string;
}

/** What the pre-checks need to know of the destination. */
export interface MigrationHostFacts {
  /** null when the host does not say. */
  freeMemoryBytes: number | null;
  cpuModel: string | null;
  /** Why this host's CPU cannot run the VM's (the features it lacks); null when it can. */
  cpuIncompatible: string | null;
  vms: { id: string; name: string }[];
}

export interface MigrationRequest {
  vmId: string;
  /** The destination's own ops (a simulated source hands the VM over through them). */
  dest: MigrationOps;
  destHostId: string;
  /** The destination as the source reaches it. */
  destUri: string;
  options: MigrationOptions;
  /** At least every JOB_PROGRESS_INTERVAL_MS while it runs. */
  onProgress(progress: MigrationProgress): void;
}

export type MigrationOutcome =
  | { state: 'completed'; downtimeMs: number | null }
  | { state: 'failed' | 'cancelled'; error: string };

/** A migration under way. */
export interface MigrationRun {
  /** Settles once it ended, however it ended (never rejects). */
  readonly done: Promise<MigrationOutcome>;
  /** Aborts it; the VM keeps running on the source. Resolves once the abort was accepted. */
  cancel(): Promise<void>;
  /** Switches to post-copy (only when started with options.postcopy). */
  postcopy(): Promise<void>;
  /** Changes bandwidth and/or max downtime live; null leaves that one as it is. */
  tune(change: { bandwidthMiBs: number | null; maxDowntimeMs: number | null }): Promise<void>;
}

export interface MigrationOps {
  /** The link to other hosts of this driver when the driver knows it; null when it cannot tell. */
  readonly linkBytesPerSec: number | null;
  vmFacts(vmId: string): Promise<MigrationVmFacts>;
  /** This host as the destination of `vm`. */
  hostFacts(vm: MigrationVmFacts): Promise<MigrationHostFacts>;
  /** Which of these paths this host has (an image there, or a file libvirt could open). */
  pathsPresent(paths: readonly string[]): Promise<string[]>;
  /** How `source` (a host of the same driver) reaches this one, derived from both connections. */
  incomingUri(source: MigrationOps): Promise<string>;
  /** Asks this host (the source) to connect to `destUri`: null when it can. */
  reach(destUri: string): Promise<MigrationProblem | null>;
  /** Measures the guest's memory dirty rate. */
  dirtyRate(vmId: string): Promise<DirtyRate>;
  /** Starts migrating a VM of this host; the pre-checks have passed. */
  start(req: MigrationRequest): Promise<MigrationRun>;
}
