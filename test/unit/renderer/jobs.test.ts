// The renderer's side of jobs: the list kept by events (what a reload gets back from jobList),
// the selection following a migrated VM to its destination, and the words of a job's figures.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/shared/jobs';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../src/shared/migration';
import type { MigrationProgress } from '../../../src/shared/migration';
import {
  jobsAfter,
  latestJobOf,
  runningJobOf,
  useJobStore,
} from '../../../src/renderer/src/store/jobStore';
import type { Following } from '../../../src/renderer/src/store/migrationFollow';
import { arrival, noteDepartures } from '../../../src/renderer/src/store/migrationFollow';
import {
  chartPath,
  notConverging,
  outcomeText,
  phaseText,
  progressPercent,
} from '../../../src/renderer/src/components/migration/migrationText';

import { dragHint } from '../../../src/renderer/src/components/tree/treeDrag';

const GiB = 1024 ** 3;

function progress(p: Partial<MigrationProgress> = {}): MigrationProgress {
  return {
    phase: 'precopy',
    iteration: 1,
    memoryTotalBytes: 4 * GiB,
    memoryTransferredBytes: GiB,
    memoryRemainingBytes: 3 * GiB,
    dirtyRateBytesPerSec: 1e6,
    bandwidthBytesPerSec: 100e6,
    expectedDowntimeMs: 30_000,
    etaMs: 30_000,
    throttlePercent: 0,
    bandwidthMiBs: null,
    maxDowntimeMs: 300,
    postcopyAvailable: false,
    ...p,
  };
}

function job(id: string, o: Partial<Job> = {}, p: MigrationProgress | null = progress()): Job {
  return {
    id,
    kind: 'migration',
    state: 'running',
    title: `Migrate web to b`,
    hostId: 'a',
    vmId: 'u1',
    vmName: 'web',
    startedAt: 1_000,
    endedAt: null,
    error: null,
    migration: {
      sourceHostId: 'a',
      destHostId: 'b',
      destUri: 'qemu+ssh://b/system',
      options: DEFAULT_MIGRATION_OPTIONS,
      progress: p,
      samples: [],
      downtimeMs: null,
    },
    ...o,
  };
}

describe('job list', () => {
  beforeEach(() => useJobStore.setState({ jobs: [], open: false }));

  it('adds, replaces in place and removes by event', () => {
    let jobs = jobsAfter([], { type: 'job-changed', job: job('1') });
    jobs = jobsAfter(jobs, { type: 'job-changed', job: job('2', { vmId: 'u2' }) });
    jobs = jobsAfter(jobs, { type: 'job-changed', job: job('1', { state: 'completed' }) });
    expect(jobs.map((j) => [j.id, j.state])).toEqual([
      ['1', 'completed'],
      ['2', 'running'],
    ]);
    jobs = jobsAfter(jobs, { type: 'job-removed', jobId: '1' });
    expect(jobs.map((j) => j.id)).toEqual(['2']);
    expect(jobsAfter(jobs, { type: 'job-removed', jobId: 'nope' })).toBe(jobs);
  });

  it('a reload’s list replaces what was held; events then apply on top', () => {
    const store = useJobStore.getState();
    store.applyJobEvents([{ type: 'job-changed', job: job('old') }]);
    store.loadJobs([job('1', { state: 'completed' }), job('2', { vmId: 'u2' })]);
    store.applyJobEvents([
      { type: 'job-changed', job: job('2', { vmId: 'u2', state: 'cancelled' }) },
    ]);
    const jobs = useJobStore.getState().jobs;
    expect(jobs.map((j) => `${j.id}:${j.state}`)).toEqual(['1:completed', '2:cancelled']);
  });

  it('finds a VM’s latest and running job by UUID', () => {
    const jobs = [job('1', { state: 'failed' }), job('2'), job('3', { vmId: 'u9' })];
    expect(latestJobOf(jobs, 'u1')?.id).toBe('2');
    expect(runningJobOf(jobs, 'u1')?.id).toBe('2');
    expect(runningJobOf(jobs.slice(0, 1), 'u1')).toBeUndefined();
  });
});

describe('the selection follows a migrated VM', () => {
  it('to the destination, whether it appears before or after it leaves the source', () => {
    const following: Following = new Map();
    const jobs = [job('1')];
    noteDepartures(
      following,
      { kind: 'vm', key: 'a/u1' },
      [{ type: 'vm-removed', hostId: 'a', vmId: 'u1' }],
      jobs,
    );
    // Not there yet: reconcile has shown the source host meanwhile.
    expect(arrival(following, { kind: 'host', hostId: 'a' }, {})).toBeNull();
    expect(arrival(following, { kind: 'host', hostId: 'a' }, { 'b/u1': {} })).toEqual({
      kind: 'vm',
      key: 'b/u1',
    });
    expect(following.size).toBe(0);
  });

  it('not when the user has gone elsewhere, nor for a VM removed with no migration', () => {
    const following: Following = new Map();
    noteDepartures(
      following,
      { kind: 'vm', key: 'a/u1' },
      [{ type: 'vm-removed', hostId: 'a', vmId: 'u1' }],
      [job('1')],
    );
    expect(arrival(following, { kind: 'host', hostId: 'c' }, { 'b/u1': {} })).toBeNull();
    noteDepartures(
      following,
      { kind: 'vm', key: 'a/u1' },
      [{ type: 'vm-removed', hostId: 'a', vmId: 'u1' }],
      [job('1', { state: 'cancelled' })],
    );
    expect(following.size).toBe(0);
  });
});

describe('job words', () => {
  it('progress is how much of memory is no longer remaining; 100 when completed', () => {
    expect(progressPercent(job('1'))).toBe(25);
    expect(progressPercent(job('1', {}, null))).toBe(0);
    expect(progressPercent(job('1', { state: 'completed' }))).toBe(100);
  });

  it('the phase says when setup copies disks, and which pass the iterations are at', () => {
    const copying = job('1', {}, progress({ phase: 'setup' }));
    copying.migration = {
      ...copying.migration,
      options: { ...DEFAULT_MIGRATION_OPTIONS, storage: 'copy-all' },
    };
    expect(phaseText(copying)).toBe('Setup · copying disks');
    expect(phaseText(job('1', {}, progress({ phase: 'setup' })))).toBe('Setup');
    expect(phaseText(job('1', {}, progress({ iteration: 3 })))).toBe('Iterations · pass 3');
    expect(phaseText(job('1', {}, progress({ phase: 'postcopy' })))).toBe('Post-copy');
    expect(phaseText(job('1', { state: 'completed' }))).toBe('Done');
  });

  it('not converging is pre-copy with no ETA', () => {
    expect(notConverging(progress({ etaMs: null }))).toBe(true);
    expect(notConverging(progress())).toBe(false);
    expect(notConverging(progress({ phase: 'postcopy', etaMs: null }))).toBe(false);
  });

  it('the outcome names duration and downtime, or why it ended', () => {
    const done = job('1', { state: 'completed', endedAt: 13_400 });
    done.migration = { ...done.migration, downtimeMs: 42 };
    expect(outcomeText(done)).toBe('Completed in 12 s, downtime 42 ms');
    expect(
      outcomeText(
        job('1', { state: 'cancelled', endedAt: 6_000, error: 'Cancelled by the user.' }),
      ),
    ).toBe('Cancelled after 5 s: Cancelled by the user.');
  });

  it('the chart falls with remaining memory and stays flat when it does not', () => {
    const falling = chartPath(
      [
        { t: 0, remainingBytes: 4 * GiB, dirtyRateBytesPerSec: 0 },
        { t: 1000, remainingBytes: 0, dirtyRateBytesPerSec: 0 },
      ],
      4 * GiB,
      100,
      50,
    );
    expect(falling).toBe('M0.0,1.0L100.0,49.0');
    expect(chartPath([], GiB, 100, 50)).toBe('');
  });

  it('the drag hint says where the VM goes or why not', () => {
    expect(dragHint('web', 'beta', null)).toBe('Drop to migrate web to beta.');
    expect(dragHint('web', 'alpha', 'web is already on alpha.')).toBe(
      'Cannot migrate web to alpha: web is already on alpha.',
    );
    expect(dragHint('web', null, null)).toMatch(/Escape cancels/);
  });
});
