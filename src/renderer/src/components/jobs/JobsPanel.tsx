// The Jobs list: every running and finished job, newest first, one compact row each — a progress
// bar while it runs, the outcome with duration and downtime once done. Opened from the top bar's
// Jobs button; Escape closes it and gives focus back to that button.
import type { KeyboardEvent } from 'react';
import { useEffect, useRef } from 'react';
import type { Job } from '../../../../shared/jobs';
import { useAppStore } from '../../store/appStore';
import { useJobStore } from '../../store/jobStore';
import { vmKey } from '../../store/keys';
import { dismissJob } from '../../store/migrationCommands';
import { requestSelect } from '../../store/navigation';
import { outcomeText, phaseText, progressPercent } from '../migration/migrationText';
import './jobs.css';

export const JOBS_PANEL_ID = 'jobs-panel';
export const JOBS_BUTTON_ID = 'jobs-button';

function JobRow({ job }: { job: Job }) {
  const openDialog = useAppStore((s) => s.openDialog);
  // Where the VM is now: on the destination once it got there.
  const here = useAppStore((s) => {
    const dest = vmKey(job.migration.destHostId, job.vmId);
    const src = vmKey(job.hostId, job.vmId);
    return s.vms[dest] ? dest : s.vms[src] ? src : null;
  });
  const running = job.state === 'running';
  const pct = progressPercent(job);
  return (
    <li className={`job-row job-${job.state}`} aria-label={job.title}>
      <span className="job-title">{job.title}</span>
      {running ? (
        <>
          <span
            className="job-bar"
            role="progressbar"
            aria-label={job.title}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
          >
            <span style={{ width: `${pct}%` }} />
          </span>
          <span className="job-state">
            {phaseText(job)} · {pct} %
          </span>
        </>
      ) : (
        <span className="job-state" data-testid="job-outcome">
          {outcomeText(job)}
        </span>
      )}
      <span className="job-buttons">
        {here && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => requestSelect({ kind: 'vm', key: here })}
          >
            Show {job.vmName}
          </button>
        )}
        {running ? (
          <button
            type="button"
            className="btn btn-small btn-danger"
            onClick={() => openDialog({ kind: 'job-cancel', jobId: job.id })}
          >
            Cancel
          </button>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => void dismissJob(job.id)}>
            Dismiss
          </button>
        )}
      </span>
    </li>
  );
}

export function JobsPanel() {
  const open = useJobStore((s) => s.open);
  const jobs = useJobStore((s) => s.jobs);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);

  if (!open) return null;
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || useAppStore.getState().dialog !== null) return;
    e.preventDefault();
    useJobStore.getState().setOpen(false);
    document.getElementById(JOBS_BUTTON_ID)?.focus();
  };
  return (
    <section
      id={JOBS_PANEL_ID}
      ref={ref}
      className="jobs-panel"
      aria-label="Jobs"
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <h2 className="jobs-heading">Jobs</h2>
      {jobs.length === 0 ? (
        <p className="muted">No jobs yet: a migration shows here while it runs and after.</p>
      ) : (
        <ul className="jobs-list" aria-label="Running and finished jobs">
          {[...jobs].reverse().map((j) => (
            <JobRow key={j.id} job={j} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The top bar's Jobs button: opens and closes the list; the count of running jobs beside it. */
export function JobsButton() {
  const open = useJobStore((s) => s.open);
  const runningCount = useJobStore((s) => s.jobs.filter((j) => j.state === 'running').length);
  return (
    <button
      type="button"
      id={JOBS_BUTTON_ID}
      aria-label="Jobs"
      className={`btn${open ? ' is-pressed' : ''}`}
      aria-expanded={open}
      aria-controls={JOBS_PANEL_ID}
      aria-describedby="jobs-running"
      onClick={() => useJobStore.getState().setOpen(!open)}
    >
      Jobs
      <span id="jobs-running" className={runningCount > 0 ? 'jobs-count' : 'visually-hidden'}>
        <span className="visually-hidden">, running: </span>
        {runningCount}
      </span>
    </button>
  );
}
