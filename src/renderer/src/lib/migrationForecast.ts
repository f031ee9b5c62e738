// The convergence forecast the Migrate dialog shows before Start: shared/precopy.ts's model run to
// the end for the VM's memory, its measured dirty rate and the options chosen, put in sentences.
import type { MigrationOptions } from '../../../shared/migration';
import { DEFAULT_MAX_DOWNTIME_MS } from '../../../shared/migration';
import type { PrecopyForecast, PrecopyParams } from '../../../shared/precopy';
import { forecastPrecopy } from '../../../shared/precopy';

const MIB = 1024 * 1024;

/** With no bandwidth limit the link sets the pace; when the driver does not know the link, the
 * forecast assumes 1 Gbit/s (a homelab's). */
export const UNLIMITED_LINK_BYTES_PER_SEC = 125_000_000;

export function precopyParams(
  memoryBytes: number,
  dirtyRateBytesPerSec: number,
  options: Pick<MigrationOptions, 'bandwidthMiBs' | 'maxDowntimeMs' | 'autoConverge'>,
  linkBytesPerSec: number = UNLIMITED_LINK_BYTES_PER_SEC,
): PrecopyParams {
  return {
    memoryBytes,
    dirtyRateBytesPerSec,
    bandwidthBytesPerSec:
      options.bandwidthMiBs === null
        ? linkBytesPerSec
        : Math.min(linkBytesPerSec, options.bandwidthMiBs * MIB),
    maxDowntimeMs: options.maxDowntimeMs ?? DEFAULT_MAX_DOWNTIME_MS,
    autoConverge: options.autoConverge,
  };
}

/** 4_200_000 → "4.2 MB/s"; 125_000_000 → "125 MB/s" (decimal, as link speeds are given). */
export function formatRate(bytesPerSec: number): string {
  const mb = bytesPerSec / 1e6;
  return `${mb >= 10 ? Math.round(mb) : Number(mb.toFixed(1))} MB/s`;
}

/** 850 → "850 ms"; 12_400 → "12 s"; 125_000 → "2 min 5 s"; 3_900_000 → "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 === 0 ? `${min} min` : `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
}

export interface ForecastText {
  converges: boolean;
  /** The verdict, one sentence. */
  text: string;
  /** What post-copy would do instead, when the verdict is no. */
  postcopy: string | null;
}

export function forecastText(f: PrecopyForecast, postcopyAllowed: boolean): ForecastText {
  if (f.converges) {
    const passes = `${f.iterations} ${f.iterations === 1 ? 'iteration' : 'iterations'}`;
    const throttle =
      f.throttlePercent > 0
        ? `, with auto-converge throttling the vCPUs by ${f.throttlePercent} %`
        : '';
    return {
      converges: true,
      text: `Converges in ${passes}${throttle}: about ${formatDuration(f.totalMs)} in total, downtime about ${formatDuration(f.downtimeMs)}.`,
      postcopy: null,
    };
  }
  const pc = `With post-copy, switching after the first pass finishes in about ${formatDuration(f.postcopyTotalMs)} (downtime about ${formatDuration(f.postcopyDowntimeMs)}).`;
  return {
    converges: false,
    text: `Will not converge: the guest dirties ${formatRate(f.dirtyRateBytesPerSec)} against ${formatRate(f.bandwidthBytesPerSec)} — raise bandwidth, enable auto-converge or post-copy.`,
    postcopy: postcopyAllowed ? pc : null,
  };
}

/** The forecast for these inputs, or null when there is nothing to forecast (offline). */
export function forecastMigration(
  memoryBytes: number,
  dirtyRateBytesPerSec: number,
  options: MigrationOptions,
  linkBytesPerSec: number = UNLIMITED_LINK_BYTES_PER_SEC,
): ForecastText | null {
  if (!options.live) return null;
  const f = forecastPrecopy(
    precopyParams(memoryBytes, dirtyRateBytesPerSec, options, linkBytesPerSec),
  );
  return forecastText(f, options.postcopy);
}
