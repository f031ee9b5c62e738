// The convergence forecast before Start: the measured dirty rate (measured on open, again on
// request) and what the pre-copy model makes of it with the bandwidth, max downtime and
// auto-converge chosen, recomputed as they change.
import { formatBytes } from '../../lib/format';
import type { ForecastText } from '../../lib/migrationForecast';
import { formatRate } from '../../lib/migrationForecast';
import type { DirtyRateState } from './useMigrationCheck';

interface Props {
  live: boolean;
  /** No bandwidth set: the link sets the pace. */
  unlimited: boolean;
  /** The link the forecast ran with. */
  link: number;
  /** The driver knows the link (else the forecast assumed UNLIMITED_LINK_BYTES_PER_SEC). */
  linkKnown: boolean;
  /** Disks are copied before memory: the forecast's times leave that out. */
  copiesDisks: boolean;
  guest: 'running' | 'paused' | 'off';
  memoryBytes: number;
  dirty: DirtyRateState;
  forecast: ForecastText | null;
}

export function MigrateForecast(props: Props) {
  const { live, unlimited, link, linkKnown, copiesDisks, guest, memoryBytes, dirty, forecast } =
    props;
  let body: React.ReactNode;
  if (!live) body = 'An offline migration copies the definition only: nothing to forecast.';
  else if (guest === 'off') body = 'The VM is not running: there is no memory to copy.';
  else if (guest === 'running' && dirty.error)
    body = `The dirty rate could not be measured: ${dirty.error}`;
  else if (guest === 'running' && !dirty.rate) body = 'Measuring the dirty rate…';
  else if (forecast) {
    body = (
      <>
        <span className={forecast.converges ? 'mig-ok' : 'mig-stuck'}>{forecast.text}</span>
        {forecast.postcopy && <span> {forecast.postcopy}</span>}
        {copiesDisks && (
          <span className="muted">
            {' '}
            The disks are copied first; these times are for memory only.
          </span>
        )}
        {unlimited && linkKnown && (
          <span className="muted">
            {' '}
            With no bandwidth set the {formatRate(link)} link sets the pace.
          </span>
        )}
        {unlimited && !linkKnown && (
          <span className="muted">
            {' '}
            With no bandwidth set this assumes a {formatRate(link)} link; set one for a forecast
            that holds.
          </span>
        )}
      </>
    );
  }
  return (
    <section className="mig-forecast" aria-labelledby="mig-forecast-heading">
      <h3 id="mig-forecast-heading">Convergence forecast</h3>
      {live && guest === 'paused' && (
        <p className="mig-rate">
          {formatBytes(memoryBytes)} of memory; paused, the guest dirties none.
        </p>
      )}
      {live && guest === 'running' && (
        <p className="mig-rate">
          {formatBytes(memoryBytes)} of memory; the guest dirties{' '}
          <strong data-testid="dirty-rate">
            {dirty.rate ? formatRate(dirty.rate.bytesPerSec) : '…'}
          </strong>
          .{' '}
          <button
            type="button"
            className="btn btn-small"
            disabled={dirty.measuring}
            aria-busy={dirty.measuring || undefined}
            onClick={dirty.measure}
          >
            {dirty.measuring && <span className="spinner" aria-hidden="true" />}
            Measure dirty rate
          </button>
        </p>
      )}
      <p role="status" data-testid="forecast">
        {body}
      </p>
    </section>
  );
}
