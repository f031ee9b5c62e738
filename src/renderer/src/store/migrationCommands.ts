// What the Migrate dialog, the migration panel and the Jobs list ask of main. The dialog's
// requests throw for the dialog to show; a panel's or a list's button reports its failure with
// pushError. A request that returns a job applies it at once, the way its job-changed event will.
import type { Job } from '../../../shared/jobs';
import type { DirtyRate, MigrationCheck, MigrationOptions } from '../../../shared/migration';
import { getApi } from '../api';
import { errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';
import { useJobStore } from './jobStore';
import { splitVmKey } from './keys';

const applyJob = (job: Job): Job => {
  useJobStore.getState().applyJobEvents([{ type: 'job-changed', job }]);
  return job;
};

export function checkMigration(
  key: string,
  destHostId: string,
  options: MigrationOptions,
): Promise<MigrationCheck> {
  return getApi().vmMigrateCheck({ ...splitVmKey(key), destHostId, options });
}

export function measureDirtyRate(key: string): Promise<DirtyRate> {
  return getApi().vmDirtyRate(splitVmKey(key));
}

/** The dialog's Migrate: starts the job; the VM's detail then shows its progress. */
export async function startMigration(
  key: string,
  destHostId: string,
  options: MigrationOptions,
): Promise<Job> {
  return applyJob(await getApi().vmMigrate({ ...splitVmKey(key), destHostId, options }));
}

/** The Cancel question's action (it throws: the question shows why it failed). */
export async function cancelJob(jobId: string): Promise<Job> {
  return applyJob(await getApi().jobCancel({ jobId }));
}

const reported =
  <A extends unknown[]>(what: string, run: (...args: A) => Promise<unknown>) =>
  async (...args: A): Promise<boolean> => {
    try {
      await run(...args);
      return true;
    } catch (e) {
      useAppStore.getState().pushError({ message: `${what}: ${errorMessage(e)}` });
      return false;
    }
  };

export const switchToPostcopy = reported('Could not switch to post-copy', async (jobId: string) =>
  applyJob(await getApi().jobMigratePostcopy({ jobId })),
);

export const tuneMigration = reported(
  'Could not change the migration',
  async (jobId: string, bandwidthMiBs: number | null, maxDowntimeMs: number | null) =>
    applyJob(await getApi().jobMigrateTune({ jobId, bandwidthMiBs, maxDowntimeMs })),
);

export const dismissJob = reported('Could not remove the job', async (jobId: string) => {
  await getApi().jobDismiss({ jobId });
  useJobStore.getState().applyJobEvents([{ type: 'job-removed', jobId }]);
});
