// The service's job registry: job-changed at most every JOB_EVENT_MIN_MS per job (never losing
// the last update), starts and ends announced at once, samples thinned past JOB_SAMPLES_MAX
// keeping the newest, finished jobs kept until dismissed.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/drivers/clock';
import type { NewJob } from '../../../src/main/service/jobs';
import {
  JOBS_KEPT,
  JOB_EVENT_MIN_MS,
  JobRegistry,
  thinSamples,
} from '../../../src/main/service/jobs';
import type { ApiEvent } from '../../../src/shared/api';
import type { JobSample } from '../../../src/shared/jobs';
import { JOB_SAMPLES_MAX } from '../../../src/shared/jobs';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';

const newJob = (vmId = 'v1'): NewJob => ({
  kind: 'migration',
  title: `Migrate ${vmId} to h2`,
  hostId: 'h1',
  vmId,
  vmName: vmId,
  migration: {
    sourceHostId: 'h1',
    destHostId: 'h2',
    destUri: 'sim://h2',
    options: DEFAULT_MIGRATION_OPTIONS,
    progress: null,
    samples: [],
    downtimeMs: null,
  },
});

function registry() {
  const clock = new ManualClock();
  const events: ApiEvent[] = [];
  return { clock, events, jobs: new JobRegistry(clock, (e) => events.push(e)) };
}

const sample = (t: number): JobSample => ({ t, remainingBytes: t, dirtyRateBytesPerSec: 0 });

describe('the job registry', () => {
  it('announces a start at once, merges fast updates, and never loses the last one', () => {
    const { clock, events, jobs } = registry();
    const job = jobs.create(newJob());
    expect(events).toEqual([{ type: 'job-changed', job }]);
    for (let i = 1; i <= 10; i++) {
      clock.advance(10);
      jobs.addSample(job.id, sample(i));
    }
    // 100 ms of updates every 10 ms: the first went out at once, the rest wait for the gap.
    expect(events.length).toBeLessThanOrEqual(2);
    clock.advance(JOB_EVENT_MIN_MS);
    const last = events.at(-1);
    expect(last?.type === 'job-changed' && last.job.migration.samples.length).toBe(10);
    const count = events.length;
    clock.advance(10 * JOB_EVENT_MIN_MS);
    expect(events.length).toBe(count);
  });

  it('announces the end at once; a finished job ignores updates and can be dismissed', () => {
    const { events, jobs } = registry();
    const job = jobs.create(newJob());
    expect(() => jobs.dismiss(job.id)).toThrow(/still running/);
    const done = jobs.finish(job.id, 'failed', 'It broke.');
    expect(done).toMatchObject({ state: 'failed', error: 'It broke.' });
    expect(done.endedAt).not.toBeNull();
    expect(events.at(-1)).toEqual({ type: 'job-changed', job: done });
    jobs.update(job.id, (j) => ({ ...j, title: 'changed' }));
    expect(jobs.get(job.id).title).toBe('Migrate v1 to h2');
    expect(jobs.finish(job.id, 'completed').state).toBe('failed');
    expect(jobs.dismiss(job.id)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'job-removed', jobId: job.id });
    expect(jobs.list()).toEqual([]);
    expect(() => jobs.get(job.id)).toThrow(/No job/);
    expect(jobs.dismiss(job.id)).toBe(false);
  });

  it('knows the running job of a VM, and keeps only the newest finished jobs', () => {
    const { jobs } = registry();
    const running = jobs.create(newJob('keep'));
    expect(jobs.runningFor('h1', 'keep')?.id).toBe(running.id);
    for (let i = 0; i < JOBS_KEPT + 5; i++)
      jobs.finish(jobs.create(newJob(`d${i}`)).id, 'completed');
    const list = jobs.list();
    expect(list).toHaveLength(JOBS_KEPT + 1);
    expect(list[0]?.id).toBe(running.id);
    expect(list.at(-1)?.vmId).toBe(`d${JOBS_KEPT + 4}`);
  });

  it('thins old samples past the maximum, keeping the span and the newest exactly', () => {
    const all = Array.from({ length: 1000 }, (_, i) => sample(i));
    let kept: JobSample[] = [];
    for (const s of all) kept = thinSamples([...kept, s]);
    expect(kept.length).toBeLessThanOrEqual(JOB_SAMPLES_MAX);
    expect(kept[0]?.t).toBe(0);
    expect(kept.at(-1)?.t).toBe(999);
    expect(kept.slice(-50).map((s) => s.t)).toEqual(all.slice(-50).map((s) => s.t));
    const ts = kept.map((s) => s.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
  });
});
