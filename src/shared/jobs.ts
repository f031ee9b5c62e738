// Long operations the service runs and reports on: a job has an id, a kind, a state, progress,
// and an outcome; it outlives the request that started it and a page reload (main keeps the list).
// Migration is the first kind; a volume copy or a big snapshot reuse the same model.
import type { MigrationOptions, MigrationProgress } from './migration';

export type JobKind = 'migration';

export type JobState = 'running' | 'completed' | 'failed' | 'cancelled';

/** One point of the remaining-memory chart. */
export interface JobSample {
  /** Milliseconds since the job started. */
  t: number;
  remainingBytes: number;
  dirtyRateBytesPerSec: number;
}

export interface MigrationJobDetail {
  sourceHostId: string;
  destHostId: string;
  /** The destination as the source host reaches it (what `virsh migrate` is given). */
  destUri: string;
  options: MigrationOptions;
  /** Null until the first progress report. */
  progress: MigrationProgress | null;
  /** Oldest first; at most JOB_SAMPLES_MAX (older ones are thinned, never the newest). */
  samples: JobSample[];
  /** Known once done: how long the guest was paused. */
  downtimeMs: number | null;
}

export interface Job {
  id: string;
  kind: JobKind;
  state: JobState;
  /** "Migrate nextcloud to sim2", for the Jobs list. */
  title: string;
  hostId: string;
  vmId: string;
  vmName: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  endedAt: number | null;
  /** Why it failed or was cancelled, in words for the user. */
  error: string | null;
  migration: MigrationJobDetail;
}

export const JOB_SAMPLES_MAX = 240;

/** How often a running job reports progress (virt-manager polls job info at 2 Hz). */
export const JOB_PROGRESS_INTERVAL_MS = 500;

export const isJobDone = (job: Job): boolean => job.state !== 'running';
