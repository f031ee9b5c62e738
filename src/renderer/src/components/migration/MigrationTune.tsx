// Bandwidth and max downtime of a running migration, changed while it runs (migrate-setspeed,
// migrate-setmaxdowntime). The fields start from the values in force and Apply sends what changed.
import { useState } from 'react';
import type { Job } from '../../../../shared/jobs';
import type { MigrationProgress } from '../../../../shared/migration';
import { parseOptionalInt } from '../../lib/migrationForm';
import { tuneMigration } from '../../store/migrationCommands';
import { TextField } from '../common/TextField';

export function MigrationTune({ job, progress }: { job: Job; progress: MigrationProgress }) {
  const [bandwidth, setBandwidth] = useState(
    progress.bandwidthMiBs === null ? '' : String(progress.bandwidthMiBs),
  );
  const [downtime, setDowntime] = useState(String(progress.maxDowntimeMs));
  const [busy, setBusy] = useState(false);
  const bw = parseOptionalInt(bandwidth, 'bandwidth');
  const dt = parseOptionalInt(downtime, 'maxDowntime');
  const newBw = bw.value !== null && bw.value !== progress.bandwidthMiBs ? bw.value : null;
  const newDt = dt.value !== null && dt.value !== progress.maxDowntimeMs ? dt.value : null;
  const why = bw.error ?? dt.error ?? (newBw === null && newDt === null ? 'Nothing changed' : null);
  return (
    <form
      className="mig-tune"
      aria-label="Tune the migration"
      onSubmit={(e) => {
        e.preventDefault();
        if (why !== null || busy) return;
        setBusy(true);
        void tuneMigration(job.id, newBw, newDt).finally(() => setBusy(false));
      }}
    >
      <TextField
        id={`tune-bw-${job.id}`}
        label="Bandwidth (MiB/s)"
        inputMode="numeric"
        placeholder="Unlimited"
        value={bandwidth}
        error={bw.error ?? undefined}
        onChange={setBandwidth}
      />
      <TextField
        id={`tune-dt-${job.id}`}
        label="Max downtime (ms)"
        inputMode="numeric"
        value={downtime}
        error={dt.error ?? undefined}
        onChange={setDowntime}
      />
      <button
        type="submit"
        className="btn"
        disabled={why !== null || busy}
        title={why ?? undefined}
      >
        Apply
      </button>
    </form>
  );
}
