// The service's long operations (shared/jobs.ts): one registry for every kind, so a volume copy
// later reuses what a migration uses now. Progress updates are many and small; they are merged
// and announced at most once per JOB_EVENT_MIN_MS per job (the UI wants ≥ 2 Hz, not every
// report), while a start or an end is announced at once. Finished jobs stay until dismissed, so
// the Jobs list survives a page reload; the oldest finished ones go past JOBS_KEPT.
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { Job, JobSample, JobState } from '../../shared/jobs';
import { JOB_PROGRESS_INTERVAL_MS, JOB_SAMPLES_MAX, isJobDone } from '../../shared/jobs';
import type { Clock } from '../drivers/clock';

/** Progress arrives every JOB_PROGRESS_INTERVAL_MS; announcing faster than that helps nobody. */
export const JOB_EVENT_MIN_MS = Math.floor(JOB_PROGRESS_INTERVAL_MS / 2);
/** Finished jobs kept for the list; running ones are never dropped. */
export const JOBS_KEPT = 100;

export type NewJob = Omit<Job, 'id' | 'state' | 'startedAt' | 'endedAt' | 'error'>;

interface Entry {
  job: Job;
  lastSentAt: number;
  timer: unknown;
}

/**
 * Halves the resolution of the older half once the list is full: the chart keeps its whole span
 * and the newest points stay exact.
 */
export function thinSamples(samples: readonly JobSample[], max = JOB_SAMPLES_MAX): JobSample[] {
  if (samples.length <= max) return [...samples];
  const half = Math.floor(samples.length / 2);
  const old = samples.slice(0, half).filter((_s, i) => i % 2 === 0);
  const out = [...old, ...samples.slice(half)];
  return out.length <= max ? out : thinSamples(out, max);
}

export class JobRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly emit: (event: ApiEvent) => void,
  ) {}

  /** Oldest first. */
  list(): Job[] {
    return [...this.entries.values()].map((e) => structuredClone(e.job));
  }

  get(jobId: string): Job {
    const entry = this.entries.get(jobId);
    if (!entry) throw new VirtdeskError('NOT_FOUND', `No job with id ${JSON.stringify(jobId)}.`);
    return structuredClone(entry.job);
  }

  /** The running job on this VM, if any (one long operation per VM at a time). */
  runningFor(hostId: string, vmId: string): Job | undefined {
    for (const { job } of this.entries.values())
      if (!isJobDone(job) && job.hostId === hostId && job.vmId === vmId) return job;
    return undefined;
  }

  create(init: NewJob): Job {
    const job: Job = {
      ...init,
      id: randomUUID(),
      state: 'running',
      startedAt: this.clock.now(),
      endedAt: null,
      error: null,
    };
    this.entries.set(job.id, { job, lastSentAt: Number.NEGATIVE_INFINITY, timer: null });
    this.prune();
    this.send(job.id);
    return structuredClone(job);
  }

  /** Changes a running job; announced within JOB_EVENT_MIN_MS (merged with other updates). */
  update(jobId: string, change: (job: Job) => Job): void {
    const entry = this.entries.get(jobId);
    if (!entry || isJobDone(entry.job)) return;
    entry.job = change(entry.job);
    this.schedule(entry);
  }

  /** Adds a chart point to a migration job, thinning old ones past JOB_SAMPLES_MAX. */
  addSample(jobId: string, sample: JobSample): void {
    this.update(jobId, (job) => ({
      ...job,
      migration: { ...job.migration, samples: thinSamples([...job.migration.samples, sample]) },
    }));
  }

  /** Ends a job (with a last change, e.g. its outcome's figures) and announces it at once; once. */
  finish(
    jobId: string,
    state: Exclude<JobState, 'running'>,
    error: string | null = null,
    change: (job: Job) => Job = (job) => job,
  ): Job {
    const entry = this.entries.get(jobId);
    if (!entry) throw new VirtdeskError('NOT_FOUND', `No job with id ${JSON.stringify(jobId)}.`);
    if (isJobDone(entry.job)) return structuredClone(entry.job);
    entry.job = { ...change(entry.job), state, error, endedAt: this.clock.now() };
    this.send(jobId);
    this.prune();
    return structuredClone(entry.job);
  }

  /** Removes a finished job; a running one is refused (cancel it first). */
  dismiss(jobId: string): boolean {
    const entry = this.entries.get(jobId);
    if (!entry) return false;
    if (!isJobDone(entry.job))
      throw new VirtdeskError(
        'INVALID_STATE',
        `“${entry.job.title}” is still running: cancel it before dismissing it.`,
      );
    this.entries.delete(jobId);
    this.emit({ type: 'job-removed', jobId });
    return true;
  }

  close(): void {
    for (const entry of this.entries.values()) this.cancelTimer(entry);
  }

  private schedule(entry: Entry): void {
    if (entry.timer !== null) return;
    const wait = entry.lastSentAt + JOB_EVENT_MIN_MS - this.clock.now();
    if (wait <= 0) return this.send(entry.job.id);
    entry.timer = this.clock.setTimeout(() => {
      entry.timer = null;
      this.send(entry.job.id);
    }, wait);
  }

  private send(jobId: string): void {
    const entry = this.entries.get(jobId);
    if (!entry) return;
    this.cancelTimer(entry);
    entry.lastSentAt = this.clock.now();
    this.emit({ type: 'job-changed', job: structuredClone(entry.job) });
  }

  private cancelTimer(entry: Entry): void {
    if (entry.timer === null) return;
    this.clock.clearTimeout(entry.timer);
    entry.timer = null;
  }

  private prune(): void {
    const done = [...this.entries.values()].filter((e) => isJobDone(e.job));
    for (const entry of done.slice(0, Math.max(0, done.length - JOBS_KEPT))) {
      this.entries.delete(entry.job.id);
      this.emit({ type: 'job-removed', jobId: entry.job.id });
    }
  }
}
