// A tiny inline SVG line chart of the last samples, newest at the right edge. Decorative (hidden
// from assistive technology) unless it gets a label, then it is an image named by that label.
import { memo } from 'react';
import { USAGE_SAMPLES } from '../../store/usageStore';

interface Props {
  values: readonly (number | null)[];
  /** The value drawn at the top edge. */
  max: number;
  width: number;
  height: number;
  /** Accessible name; without one the chart is aria-hidden. */
  label?: string;
  /** Shade the area under the line. */
  area?: boolean;
  /** Spread the samples over the width (at least FIT_MIN_SLOTS slots) instead of one slot per
   * kept sample, so a tiny chart shows something from the first ticks on. */
  fit?: boolean;
  className?: string;
}

const FIT_MIN_SLOTS = 6;

/** SVG path data: one line per run of known values, right-aligned on `slots` slots. */
export function sparkPath(
  values: readonly (number | null)[],
  max: number,
  width: number,
  height: number,
  slots: number = USAGE_SAMPLES,
): { line: string; area: string } {
  const step = width / (Math.max(2, slots) - 1);
  const n = values.length;
  let line = '';
  let area = '';
  let run: [number, number][] = [];
  const close = (): void => {
    if (run.length === 0) return;
    // A lone sample still shows, as a short flat tick.
    if (run.length === 1) {
      const [x, y] = run[0]!;
      run = [
        [Math.max(0, x - step / 2), y],
        [x, y],
      ];
    }
    const pts = run.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L');
    const x0 = run[0]![0].toFixed(1);
    const x1 = run[run.length - 1]![0].toFixed(1);
    line += `M${pts}`;
    area += `M${x0},${height}L${pts}L${x1},${height}Z`;
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      close();
      return;
    }
    const x = width - (n - 1 - i) * step;
    const ratio = max > 0 ? Math.min(1, Math.max(0, v / max)) : 0;
    run.push([x, 1 + (1 - ratio) * (height - 2)]);
  });
  close();
  return { line, area };
}

function SparklineImpl({ values, max, width, height, label, area, fit, className }: Props) {
  const slots = fit ? Math.max(FIT_MIN_SLOTS, values.length) : USAGE_SAMPLES;
  const d = sparkPath(values, max, width, height, slots);
  const a11y = label
    ? { role: 'img', 'aria-label': label }
    : { 'aria-hidden': true as const, focusable: 'false' as const };
  return (
    <svg
      {...a11y}
      className={`sparkline${className ? ` ${className}` : ''}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      {area && d.area && <path className="sparkline-area" d={d.area} />}
      {d.line && <path className="sparkline-line" d={d.line} />}
    </svg>
  );
}

export const Sparkline = memo(SparklineImpl);
