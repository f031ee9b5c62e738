// Remaining memory over the migration's time, as an SVG line like the usage sparklines, with the
// level at which stop-and-copy fits the max downtime drawn across it: a converging migration's line
// falls to that level; one that does not converge stays flat above it (and turns red).
import type { JobSample } from '../../../../shared/jobs';
import { formatBytes } from '../../lib/format';
import { chartPath } from './migrationText';

interface Props {
  samples: readonly JobSample[];
  totalBytes: number;
  /** Remaining bytes that can be sent within the max downtime. */
  thresholdBytes: number;
  stuck: boolean;
  width?: number;
  height?: number;
}

export function RemainingChart({
  samples,
  totalBytes,
  thresholdBytes,
  stuck,
  width = 320,
  height = 72,
}: Props) {
  const last = samples[samples.length - 1];
  const label = `Remaining memory over time: ${last ? formatBytes(last.remainingBytes) : 'no samples yet'}${stuck ? ', not converging' : ''}`;
  const ty = 1 + (1 - Math.min(1, thresholdBytes / Math.max(1, totalBytes))) * (height - 2);
  return (
    <svg
      role="img"
      aria-label={label}
      className={`mig-chart${stuck ? ' is-stuck' : ''}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      data-testid="remaining-chart"
    >
      <line className="mig-chart-threshold" x1={0} x2={width} y1={ty} y2={ty} />
      <path className="mig-chart-line" d={chartPath(samples, totalBytes, width, height)} />
    </svg>
  );
}
