// The virsh words of a migration and the reading of its progress. `virsh migrate` runs on the
// source host in a channel of its own (it blocks until the migration ends); its progress comes
// from `domjobinfo --rawstats` on the persistent session, whose fields are libvirt's typed job
// parameters (VIR_DOMAIN_JOB_*), exact bytes rather than the rounded MiB of the plain form.
import type {
  MigrationOptions,
  MigrationPhase,
  MigrationProgress,
} from '../../../shared/migration';

/** Everything after `virsh -c URI` for migrating domain `id` to `destUri`. */
export function migrateWords(id: string, destUri: string, o: MigrationOptions): string[] {
  const w = ['migrate', o.live ? '--live' : '--offline'];
  if (o.persistent) w.push('--persistent');
  if (o.undefineSource) w.push('--undefinesource');
  if (o.live) {
    if (o.bandwidthMiBs !== null) w.push('--bandwidth', String(o.bandwidthMiBs));
    if (o.autoConverge) w.push('--auto-converge');
    if (o.postcopy) w.push('--postcopy');
    if (o.parallelConnections !== null)
      w.push('--parallel', '--parallel-connections', String(o.parallelConnections));
    // xbzrle: page deltas; zstd: multifd compression (libvirt takes it with --parallel).
    if (o.compression !== 'none') w.push('--compressed', '--comp-methods', o.compression);
    if (o.storage === 'copy-all') w.push('--copy-storage-all');
    if (o.storage === 'copy-inc') w.push('--copy-storage-inc');
  }
  if (o.unsafe) w.push('--unsafe');
  w.push('--domain', id, '--desturi', destUri);
  return w;
}

/** `domjobinfo --rawstats`: `Job type: N` then `field: value` lines. */
export function parseJobStats(text: string): {
  jobType: number | null;
  fields: Map<string, number>;
} {
  const fields = new Map<string, number>();
  let jobType: number | null = null;
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_ ]+?):\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? '').trim();
    const value = Number(m[2]);
    if (key === 'Job type') jobType = value;
    else fields.set(key, value);
  }
  return { jobType, fields };
}

/** VIR_DOMAIN_JOB_NONE: no job (not started yet, or over). */
export const JOB_NONE = 0;

export interface JobContext {
  /** Switched to post-copy (migrate-postcopy accepted). */
  postcopy: boolean;
  options: MigrationOptions;
  maxDowntimeMs: number;
  /** Guest memory, for the report before libvirt has the figure. */
  memoryBytes: number;
}

/**
 * A progress report from the job's fields. libvirt tells no phase: before the first memory
 * figures it is setup, then pre-copy (post-copy once switched). The ETA is remaining ÷ (bandwidth
 * − dirty rate) while that is positive, else null (not converging).
 */
export function progressOf(
  fields: ReadonlyMap<string, number>,
  ctx: JobContext,
): MigrationProgress {
  const f = (k: string) => fields.get(k) ?? 0;
  const total = fields.get('memory_total') ?? ctx.memoryBytes;
  const started = fields.has('memory_total') && f('memory_iteration') > 0;
  // Before the first pass libvirt reports 0 remaining: nothing has been looked at yet.
  const remaining = started || ctx.postcopy ? f('memory_remaining') : total;
  const bps = f('memory_bps');
  const dirty = f('memory_dirty_rate') * (fields.get('memory_page_size') ?? 4096);
  const iteration = f('memory_iteration');
  const phase: MigrationPhase = ctx.postcopy ? 'postcopy' : started ? 'precopy' : 'setup';
  const net = bps - (phase === 'postcopy' ? 0 : dirty);
  return {
    phase,
    iteration: Math.max(1, iteration),
    memoryTotalBytes: total,
    memoryTransferredBytes: f('memory_processed'),
    memoryRemainingBytes: remaining,
    dirtyRateBytesPerSec: dirty,
    bandwidthBytesPerSec: bps,
    expectedDowntimeMs: bps > 0 ? Math.round((remaining * 1000) / bps) : 0,
    etaMs: net > 0 ? Math.round((remaining * 1000) / net) : null,
    throttlePercent: f('auto_converge_throttle'),
    bandwidthMiBs: ctx.options.bandwidthMiBs,
    maxDowntimeMs: ctx.maxDowntimeMs,
    postcopyAvailable: ctx.options.postcopy && !ctx.postcopy && phase === 'precopy',
  };
}

/** `domstats --dirtyrate`: MiB/s once measured (calc_status 2), null while measuring. */
export function parseDirtyRate(text: string): { bytesPerSec: number; periodS: number } | null {
  const get = (k: string) => {
    const m = new RegExp(`dirtyrate\\.${k}=(\\d+)`).exec(text);
    return m ? Number(m[1]) : null;
  };
  if (get('calc_status') !== 2) return null;
  const mib = get('megabytes_per_second');
  if (mib === null) return null;
  return { bytesPerSec: mib * 2 ** 20, periodS: get('calc_period') ?? 1 };
}

/** `nodememstats`: memory the host can give a guest (free + buffers + page cache), in bytes. */
export function parseFreeMemory(text: string): number | null {
  let kib = 0;
  let seen = false;
  for (const key of ['free', 'buffers', 'cached']) {
    const m = new RegExp(`^${key}\\s*:\\s*(\\d+) KiB`, 'm').exec(text);
    if (m) {
      kib += Number(m[1]);
      seen = true;
    }
  }
  return seen ? kib * 1024 : null;
}
