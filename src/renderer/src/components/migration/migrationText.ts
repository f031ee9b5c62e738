// Words for a migration job's figures, shared by the progress panel and the Jobs list.
import type { Job, JobSample } from '../../../../shared/jobs';
import type { MigrationPhase, MigrationProgress } from '../../../../shared/migration';
import { formatDuration } from '../../lib/migrationForecast';

/** The steps the panel shows, in order; post-copy takes stop-and-copy's place when switched. */
export const PHASE_STEPS = ['setup', 'precopy', 'stop-and-copy', 'done'] as const;

export const PHASE_WORD: Record<MigrationPhase, string> = {
  setup: 'Setup',
  precopy: 'Iterations',
  'stop-and-copy': 'Stop-and-copy',
  postcopy: 'Post-copy',
  done: 'Done',
};

/** The phase in words; setup of a storage copy says the disks are being copied (memory waits). */
export function phaseText(job: Job): string {
  if (job.state === 'completed') return PHASE_WORD.done;
  const phase = job.migration.progress?.phase ?? 'setup';
  if (phase === 'setup' && job.migration.options.storage !== 'shared')
    return 'Setup · copying disks';
  if (phase === 'precopy') return `Iterations · pass ${job.migration.progress?.iteration ?? 1}`;
  return PHASE_WORD[phase];
}

/** 0–100: how much of memory is on the destination by now (remaining against the total). */
export function progressPercent(job: Job): number {
  if (job.state === 'completed') return 100;
  const p = job.migration.progress;
  if (!p || p.memoryTotalBytes <= 0) return 0;
  const share = 1 - p.memoryRemainingBytes / p.memoryTotalBytes;
  return Math.max(0, Math.min(100, Math.round(share * 100)));
}

/** Whether remaining memory is not going down: the guest dirties faster than it is sent. */
export function notConverging(p: MigrationProgress): boolean {
  return p.phase === 'precopy' && p.etaMs === null;
}

/** How a finished job ended, with its duration and downtime: "Completed in 12 s, downtime 40 ms". */
export function outcomeText(job: Job): string {
  const took = job.endedAt === null ? '' : ` after ${formatDuration(job.endedAt - job.startedAt)}`;
  if (job.state === 'completed') {
    const down = job.migration.downtimeMs;
    const downtime = down === null ? '' : `, downtime ${formatDuration(down)}`;
    return `Completed in ${formatDuration((job.endedAt ?? job.startedAt) - job.startedAt)}${downtime}`;
  }
  if (job.state === 'cancelled') return `Cancelled${took}${job.error ? `: ${job.error}` : ''}`;
  if (job.state === 'failed') return `Failed${took}${job.error ? `: ${job.error}` : ''}`;
  return 'Running';
}

/** The remaining-memory line: time across the width, remaining bytes of `totalBytes` upward. */
export function chartPath(
  samples: readonly JobSample[],
  totalBytes: number,
  width: number,
  height: number,
): string {
  if (samples.length === 0 || totalBytes <= 0) return '';
  const t0 = samples[0]!.t;
  const span = Math.max(1, samples[samples.length - 1]!.t - t0);
  const y = (bytes: number): number =>
    1 + (1 - Math.min(1, Math.max(0, bytes / totalBytes))) * (height - 2);
  const pts = samples.map(
    (s) => `${(((s.t - t0) / span) * width).toFixed(1)},${y(s.remainingBytes).toFixed(1)}`,
  );
  // A lone sample shows as a short tick at the left.
  if (pts.length === 1) pts.push(`4,${y(samples[0]!.remainingBytes).toFixed(1)}`);
  return `M${pts.join('L')}`;
}
