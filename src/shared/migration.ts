// Live migration: what the Migrate dialog asks for, what the pre-checks answer, and how a running
// migration reports progress. The pre-copy model that forecasts an outcome is `precopy.ts`.

export type MigrationStorage = 'shared' | 'copy-all' | 'copy-inc';
export type MigrationCompression = 'none' | 'xbzrle' | 'zstd';

export interface MigrationOptions {
  /** Live (the guest keeps running) or offline (the definition only; the VM must be shut off). */
  live: boolean;
  /** Define the VM persistently on the destination (`--persistent`). */
  persistent: boolean;
  /** Remove the definition from the source once done (`--undefinesource`). */
  undefineSource: boolean;
  /** null: unlimited. */
  bandwidthMiBs: number | null;
  /** null: the hypervisor's default (300 ms in QEMU). */
  maxDowntimeMs: number | null;
  autoConverge: boolean;
  /** Allow switching to post-copy (`--postcopy`); the switch itself is a separate request. */
  postcopy: boolean;
  /** xbzrle: page delta compression; zstd: multifd with zstd (needs parallel connections). */
  compression: MigrationCompression;
  /** null: one connection; 2–16: multifd channels (`--parallel --parallel-connections N`). */
  parallelConnections: number | null;
  storage: MigrationStorage;
  /** Proceed when libvirt cannot prove storage is shared (`--unsafe`). */
  unsafe: boolean;
  /** Advanced: the destination URI as the source host reaches it; null derives it. */
  destUri: string | null;
}

export const DEFAULT_MIGRATION_OPTIONS: MigrationOptions = {
  live: true,
  persistent: true,
  undefineSource: true,
  bandwidthMiBs: null,
  maxDowntimeMs: null,
  autoConverge: false,
  postcopy: false,
  compression: 'none',
  parallelConnections: null,
  storage: 'shared',
  unsafe: false,
  destUri: null,
};

/** QEMU's default max downtime when none is set. */
export const DEFAULT_MAX_DOWNTIME_MS = 300;

export type MigrationProblemCode =
  | 'options' // an invalid combination of options
  | 'same-host'
  | 'driver-mismatch' // simulated ↔ libvirt
  | 'not-connected'
  | 'state' // e.g. live migration of a shut-off VM
  | 'name-exists'
  | 'uuid-exists'
  | 'memory' // not enough free memory on the destination
  | 'cpu' // destination CPU lacks features
  | 'hostdev' // a VFIO device is attached
  | 'local-disk' // a disk not visible on the destination and no copy chosen
  | 'unsafe-storage' // libvirt cannot prove storage is shared; `unsafe` overrides
  | 'unreachable'; // the source host cannot reach the destination

export interface MigrationProblem {
  code: MigrationProblemCode;
  /** An error blocks Start; a warning is shown and Start stays possible. */
  level: 'error' | 'warning';
  /** One sentence saying what is wrong, naming what it is about. */
  message: string;
  /** What to do about it, when there is something. */
  fix?: string;
}

export interface MigrationCheck {
  problems: MigrationProblem[];
  /** The destination URI the source would be given (derived, or the override). */
  destUri: string;
  /** Guest memory to transfer. */
  memoryBytes: number;
  /** The link between the two hosts when the driver knows it (the simulated hosts' own); null:
   * unknown, and a forecast without a bandwidth set has to assume one. */
  linkBytesPerSec: number | null;
}

/** A measured memory dirty rate (`domdirtyrate-calc` + `domstats --dirtyrate` on libvirt). */
export interface DirtyRate {
  bytesPerSec: number;
  /** How long the measurement sampled. */
  sampleMs: number;
  /** Milliseconds since the epoch. */
  measuredAt: number;
}

export type MigrationPhase = 'setup' | 'precopy' | 'stop-and-copy' | 'postcopy' | 'done';

export interface MigrationProgress {
  phase: MigrationPhase;
  /** 1 = the first full pass; each later pass re-sends what the guest dirtied. */
  iteration: number;
  memoryTotalBytes: number;
  memoryTransferredBytes: number;
  memoryRemainingBytes: number;
  dirtyRateBytesPerSec: number;
  bandwidthBytesPerSec: number;
  /** What stopping now would cost: remaining ÷ bandwidth. */
  expectedDowntimeMs: number;
  /** null when it is not converging. */
  etaMs: number | null;
  /** Auto-converge's vCPU throttle, 0–99. */
  throttlePercent: number;
  /** The options in force now (they can change while it runs). */
  bandwidthMiBs: number | null;
  maxDowntimeMs: number;
  /** Switch to post-copy is possible now. */
  postcopyAvailable: boolean;
}

/** Problems with the options alone, before any host is asked (shown live in the dialog). */
export function migrationOptionProblems(o: MigrationOptions): MigrationProblem[] {
  const out: MigrationProblem[] = [];
  const bad = (message: string, fix?: string): void => {
    out.push({ code: 'options', level: 'error', message, ...(fix ? { fix } : {}) });
  };
  if (!o.live && o.postcopy)
    bad('Post-copy needs a live migration: an offline migration copies no memory.');
  if (!o.live && o.autoConverge)
    bad('Auto-converge needs a live migration: an offline migration copies no memory.');
  if (!o.live && o.storage !== 'shared')
    bad('Copying storage needs a live migration (libvirt copies disks while the guest runs).');
  if (!o.live && !o.persistent)
    bad('An offline migration moves only the definition, so it must be persistent.');
  if (o.compression === 'zstd' && o.parallelConnections === null)
    bad(
      'zstd compression needs parallel connections (multifd).',
      'Set parallel connections to 2 or more.',
    );
  if (o.compression === 'xbzrle' && o.parallelConnections !== null)
    bad('xbzrle compression cannot be combined with parallel connections.');
  if (o.postcopy && o.parallelConnections !== null)
    bad('Post-copy cannot be combined with parallel connections in QEMU.');
  if (o.bandwidthMiBs !== null && o.bandwidthMiBs < 1) bad('Bandwidth must be at least 1 MiB/s.');
  if (o.maxDowntimeMs !== null && o.maxDowntimeMs < 1) bad('Max downtime must be at least 1 ms.');
  return out;
}
