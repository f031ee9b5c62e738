// Asks before cancelling a job. A migration that is cancelled leaves the VM running on its source.
import { useAppStore } from '../../store/appStore';
import { useJobStore } from '../../store/jobStore';
import { cancelJob } from '../../store/migrationCommands';
import { DialogFrame } from '../common/DialogFrame';

export function JobCancelDialog({ jobId }: { jobId: string }) {
  const close = useAppStore((s) => s.closeDialog);
  const job = useJobStore((s) => s.jobs.find((j) => j.id === jobId));
  const ended = !job || job.state !== 'running';
  return (
    <DialogFrame
      id="job-cancel"
      title={`Cancel the migration of ${job?.vmName ?? 'the VM'}?`}
      describedBy="job-cancel-text"
      size="narrow"
      danger
      action="Cancel migration"
      cancelLabel="Keep migrating"
      invalid={ended ? 'The migration has already ended.' : null}
      run={() => cancelJob(jobId)}
      onClose={close}
    >
      <p id="job-cancel-text">
        {ended
          ? 'The migration has already ended.'
          : `${job.vmName} keeps running on its source host; what was copied to the destination is discarded.`}
      </p>
    </DialogFrame>
  );
}
