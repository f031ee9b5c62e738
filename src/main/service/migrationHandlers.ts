// Live migration across two drivers, and the job requests. The pre-checks that need both hosts
// live here (same host, driver kinds, connection, reachability) beside the per-fact rules of
// common/migrationChecks.ts; a migration runs as a job in the JobRegistry, its progress turned
// into job-changed events and chart samples.
import type { Params, Result } from '../../shared/api';
import type { ErrorCode } from '../../shared/errors';
import { VirtdeskError } from '../../shared/errors';
import type { Job } from '../../shared/jobs';
import type {
  MigrationCheck,
  MigrationProblem,
  MigrationProblemCode,
  MigrationProgress,
} from '../../shared/migration';
import { DEFAULT_MAX_DOWNTIME_MS, migrationOptionProblems } from '../../shared/migration';
import type { HypervisorDriver } from '../drivers/driver';
import { migrationProblems } from '../drivers/common/migrationChecks';
import type { MigrationOps, MigrationRun } from '../drivers/migrationOps';
import type { JobRegistry } from './jobs';
import { thinSamples } from './jobs';

type MigrationMethod =
  | 'jobList'
  | 'jobCancel'
  | 'jobDismiss'
  | 'jobMigratePostcopy'
  | 'jobMigrateTune'
  | 'vmMigrateCheck'
  | 'vmDirtyRate'
  | 'vmMigrate';

type MigrationHandlers = { [M in MigrationMethod]: (params: Params<M>) => Promise<Result<M>> };

/** The error a refused vmMigrate carries, by its first blocking problem. */
const ERROR_FOR: Record<MigrationProblemCode, ErrorCode> = {
  options: 'INVALID_INPUT',
  'same-host': 'INVALID_INPUT',
  'driver-mismatch': 'UNSUPPORTED',
  'not-connected': 'DISCONNECTED',
  state: 'INVALID_STATE',
  'name-exists': 'CONFLICT',
  'uuid-exists': 'CONFLICT',
  memory: 'INVALID_STATE',
  cpu: 'INVALID_STATE',
  hostdev: 'INVALID_STATE',
  'local-disk': 'INVALID_STATE',
  'unsafe-storage': 'INVALID_STATE',
  unreachable: 'HOST_ERROR',
};

const words = (p: MigrationProblem): string => (p.fix ? `${p.message} ${p.fix}` : p.message);

export interface MigrationDeps {
  driverFor(hostId: string): HypervisorDriver;
  jobs: JobRegistry;
  now(): number;
}

export function migrationHandlers(deps: MigrationDeps): MigrationHandlers {
  const { driverFor, jobs } = deps;
  const runs = new Map<string, MigrationRun>();

  const opsOf = (driver: HypervisorDriver): MigrationOps => {
    if (!driver.migration)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Live migration is not available on ${driver.getHost().name}.`,
      );
    return driver.migration;
  };

  const only = (
    code: MigrationProblemCode,
    message: string,
    fix?: string,
    destUri = '',
  ): MigrationCheck => ({
    problems: [{ code, level: 'error', message, ...(fix ? { fix } : {}) }],
    destUri,
    memoryBytes: 0,
    linkBytesPerSec: null,
  });

  async function check(p: Params<'vmMigrateCheck'>): Promise<MigrationCheck> {
    const src = driverFor(p.hostId);
    const dst = driverFor(p.destHostId);
    const from = src.getHost();
    const to = dst.getHost();
    if (p.hostId === p.destHostId) {
      const vm = await src.vmGet(p.vmId);
      return only('same-host', `${vm.name} is already on ${from.name}.`, 'Choose another host.');
    }
    if (from.driver !== to.driver)
      return only(
        'driver-mismatch',
        `${from.name} is served by ${from.driverLabel} and ${to.name} by ${to.driverLabel}: a VM migrates only between hosts of the same kind.`,
        `Choose a ${from.driverLabel} host, or copy the VM's XML to ${to.name} and define it there.`,
      );
    for (const h of [from, to])
      if (h.connection !== 'connected')
        return only('not-connected', `${h.name} is not connected.`, `Reconnect ${h.name} first.`);
    const srcOps = opsOf(src);
    const dstOps = opsOf(dst);
    const [vm, destUri] = await Promise.all([
      srcOps.vmFacts(p.vmId),
      p.options.destUri ?? dstOps.incomingUri(srcOps),
    ]);
    const [destFacts, present, unreachable] = await Promise.all([
      dstOps.hostFacts(vm),
      dstOps.pathsPresent(vm.disks.map((d) => d.path)),
      srcOps.reach(destUri),
    ]);
    const problems = [
      ...migrationOptionProblems(p.options),
      ...migrationProblems({
        vm,
        sourceName: from.name,
        destName: to.name,
        dest: destFacts,
        presentPaths: present,
        options: p.options,
      }),
      ...(unreachable ? [unreachable] : []),
    ];
    const running = jobs.runningFor(p.hostId, p.vmId);
    if (running)
      problems.unshift({
        code: 'state',
        level: 'error',
        message: `${vm.name} is already being moved (${running.title}).`,
        fix: 'Wait for it to end, or cancel it in the Jobs list.',
      });
    return {
      problems,
      destUri,
      memoryBytes: vm.memoryBytes,
      linkBytesPerSec: srcOps.linkBytesPerSec,
    };
  }

  /** One report: the progress and its chart point, in one update (one job-changed). */
  function progressed(jobId: string, startedAt: number, progress: MigrationProgress): void {
    const sample = {
      t: Math.max(0, deps.now() - startedAt),
      remainingBytes: progress.memoryRemainingBytes,
      dirtyRateBytesPerSec: progress.dirtyRateBytesPerSec,
    };
    jobs.update(jobId, (job) => ({
      ...job,
      migration: {
        ...job.migration,
        progress,
        samples: thinSamples([...job.migration.samples, sample]),
      },
    }));
  }

  async function migrate(p: Params<'vmMigrate'>): Promise<Job> {
    const result = await check(p);
    const errors = result.problems.filter((x) => x.level === 'error');
    const first = errors[0];
    if (first) {
      const more =
        errors.length > 1
          ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`
          : '';
      throw new VirtdeskError(ERROR_FOR[first.code], `${words(first)}${more}`);
    }
    const src = driverFor(p.hostId);
    const dst = driverFor(p.destHostId);
    const vm = await src.vmGet(p.vmId);
    const job = jobs.create({
      kind: 'migration',
      title: `Migrate ${vm.name} to ${dst.getHost().name}`,
      hostId: p.hostId,
      vmId: p.vmId,
      vmName: vm.name,
      migration: {
        sourceHostId: p.hostId,
        destHostId: p.destHostId,
        destUri: result.destUri,
        options: p.options,
        progress: null,
        samples: [],
        downtimeMs: null,
      },
    });
    let run: MigrationRun;
    try {
      run = await opsOf(src).start({
        vmId: p.vmId,
        dest: opsOf(dst),
        destHostId: p.destHostId,
        destUri: result.destUri,
        options: p.options,
        onProgress: (progress) => progressed(job.id, job.startedAt, progress),
      });
    } catch (e) {
      jobs.finish(job.id, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    }
    runs.set(job.id, run);
    void run.done.then((outcome) => {
      runs.delete(job.id);
      if (outcome.state === 'completed')
        jobs.finish(job.id, 'completed', null, (j) => ({
          ...j,
          migration: { ...j.migration, downtimeMs: outcome.downtimeMs },
        }));
      else jobs.finish(job.id, outcome.state, outcome.error);
    });
    return jobs.get(job.id);
  }

  const runOf = (jobId: string): { job: Job; run: MigrationRun } => {
    const job = jobs.get(jobId);
    const run = runs.get(jobId);
    if (job.state !== 'running' || !run)
      throw new VirtdeskError('INVALID_STATE', `“${job.title}” has already ended (${job.state}).`);
    return { job, run };
  };

  return {
    jobList: async () => jobs.list(),
    jobDismiss: async (p) => ({ dismissed: jobs.dismiss(p.jobId) }),
    jobCancel: async (p) => {
      const { run } = runOf(p.jobId);
      await run.cancel();
      return jobs.get(p.jobId);
    },
    jobMigratePostcopy: async (p) => {
      const { job, run } = runOf(p.jobId);
      if (!job.migration.options.postcopy)
        throw new VirtdeskError(
          'INVALID_STATE',
          `“${job.title}” was started without “allow post-copy”, so it cannot switch to post-copy.`,
        );
      await run.postcopy();
      return jobs.get(p.jobId);
    },
    jobMigrateTune: async (p) => {
      const { run } = runOf(p.jobId);
      await run.tune({ bandwidthMiBs: p.bandwidthMiBs, maxDowntimeMs: p.maxDowntimeMs });
      jobs.update(p.jobId, (j) => {
        const options = {
          ...j.migration.options,
          ...(p.bandwidthMiBs !== null ? { bandwidthMiBs: p.bandwidthMiBs } : {}),
          ...(p.maxDowntimeMs !== null ? { maxDowntimeMs: p.maxDowntimeMs } : {}),
        };
        const progress = j.migration.progress && {
          ...j.migration.progress,
          bandwidthMiBs: options.bandwidthMiBs,
          maxDowntimeMs: options.maxDowntimeMs ?? DEFAULT_MAX_DOWNTIME_MS,
        };
        return { ...j, migration: { ...j.migration, options, progress } };
      });
      return jobs.get(p.jobId);
    },
    vmMigrateCheck: check,
    vmDirtyRate: async (p) => opsOf(driverFor(p.hostId)).dirtyRate(p.vmId),
    vmMigrate: migrate,
  };
}
