// A migration's progress in its VM's detail: the phase, a progress bar, the figures libvirt's job
// info gives, the remaining-memory chart, and what can be done while it runs (Cancel, which asks
// first; Switch to post-copy when allowed; bandwidth and max downtime). A finished one says how it
// ended.
import type { Job } from '../../../../shared/jobs';
import type { MigrationProgress } from '../../../../shared/migration';
import { formatBytes } from '../../lib/format';
import { formatDuration, formatRate } from '../../lib/migrationForecast';
import { useAppStore } from '../../store/appStore';
import { dismissJob, switchToPostcopy } from '../../store/migrationCommands';
import { MigrationTune } from './MigrationTune';
import {
  PHASE_STEPS,
  PHASE_WORD,
  notConverging,
  outcomeText,
  phaseText,
  progressPercent,
} from './migrationText';
import { RemainingChart } from './RemainingChart';
import './migration.css';

function Figures({ p }: { p: MigrationProgress }) {
  const rows: [string, string][] = [
    ['Iteration', String(p.iteration)],
    ['Transferred', formatBytes(p.memoryTransferredBytes)],
    ['Remaining', formatBytes(p.memoryRemainingBytes)],
    ['Total', formatBytes(p.memoryTotalBytes)],
    ['Dirty rate', formatRate(p.dirtyRateBytesPerSec)],
    ['Bandwidth', formatRate(p.bandwidthBytesPerSec)],
    ['Expected downtime', formatDuration(p.expectedDowntimeMs)],
    ['ETA', p.etaMs === null ? 'not converging' : formatDuration(p.etaMs)],
    ['Throttle', `${p.throttlePercent} %`],
  ];
  return (
    <dl className="mig-figures">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-figure={k}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Phases({ job }: { job: Job }) {
  const phase = job.state === 'completed' ? 'done' : (job.migration.progress?.phase ?? 'setup');
  const steps = PHASE_STEPS.map((s) =>
    s === 'stop-and-copy' && phase === 'postcopy' ? 'postcopy' : s,
  );
  const at = steps.indexOf(phase === 'postcopy' ? 'postcopy' : phase);
  return (
    <ol className="mig-phases" aria-label="Phases">
      {steps.map((s, i) => (
        <li
          key={s}
          className={i < at ? 'is-past' : i === at ? 'is-current' : undefined}
          aria-current={i === at ? 'step' : undefined}
        >
          {i === at ? phaseText(job) : PHASE_WORD[s]}
        </li>
      ))}
    </ol>
  );
}

export function MigrationPanel({ job }: { job: Job }) {
  const openDialog = useAppStore((s) => s.openDialog);
  const p = job.migration.progress;
  const pct = progressPercent(job);
  const running = job.state === 'running';
  const stuck = p !== null && running && notConverging(p);
  return (
    <section className="mig-panel" aria-label={`Migration of ${job.vmName}`}>
      <header className="mig-panel-head">
        <h3>{job.title}</h3>
        {!running && (
          <button type="button" className="btn btn-small" onClick={() => void dismissJob(job.id)}>
            Dismiss
          </button>
        )}
      </header>
      <Phases job={job} />
      <div
        className="mig-progress"
        role="progressbar"
        aria-label={`Migration of ${job.vmName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct} %, ${phaseText(job).toLowerCase()}`}
      >
        <div
          className={`mig-progress-fill${stuck ? ' is-stuck' : ''}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      {!running && (
        <p className={`mig-outcome mig-${job.state}`} role="status">
          {outcomeText(job)}
        </p>
      )}
      {p && <Figures p={p} />}
      {p && (
        <RemainingChart
          samples={job.migration.samples}
          totalBytes={p.memoryTotalBytes}
          thresholdBytes={(p.bandwidthBytesPerSec * p.maxDowntimeMs) / 1000}
          stuck={stuck}
        />
      )}
      {stuck && (
        <p className="mig-stuck" role="status">
          Not converging: the guest dirties {formatRate(p.dirtyRateBytesPerSec)} against{' '}
          {formatRate(p.bandwidthBytesPerSec)}.
          {p.postcopyAvailable
            ? ' Switch to post-copy to finish it.'
            : ' Raise the bandwidth or the max downtime, or cancel.'}
        </p>
      )}
      {running && (
        <div className="toolbar" role="toolbar" aria-label="Migration actions">
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => openDialog({ kind: 'job-cancel', jobId: job.id })}
          >
            Cancel
          </button>
          {p?.postcopyAvailable && (
            <button type="button" className="btn" onClick={() => void switchToPostcopy(job.id)}>
              Switch to post-copy
            </button>
          )}
        </div>
      )}
      {running && p && <MigrationTune job={job} progress={p} />}
    </section>
  );
}
