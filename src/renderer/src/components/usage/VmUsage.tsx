// The Usage card of a VM's Overview: current CPU and memory figures as text, and their sparklines
// over the samples kept (USAGE_SAMPLES ticks, about two minutes), each an image named by its
// figure and time span, e.g. "CPU 12.5% (last 2 minutes)".
import type { Vm } from '../../../../shared/model';
import { formatKiB } from '../../lib/format';
import { vmKey } from '../../store/keys';
import type { UsageSeries } from '../../store/usageStore';
import { useVmUsage } from '../../store/usageStore';
import { Sparkline } from './Sparkline';
import './usage.css';

const CHART_W = 220;
const CHART_H = 36;

/** "(last 2 minutes)", "(last 9 seconds)", "(latest sample)". */
export function spanWords(series: UsageSeries): string {
  const n = series.at.length;
  const ms = n > 1 ? series.at[n - 1]! - series.at[0]! : 0;
  if (ms < 1000) return '(latest sample)';
  const s = Math.round(ms / 1000);
  if (s < 90) return `(last ${s} seconds)`;
  const m = Math.round(s / 60);
  return `(last ${m} ${m === 1 ? 'minute' : 'minutes'})`;
}

export function formatPercent(p: number): string {
  return `${p.toFixed(1)}%`;
}

export function VmUsage({ vm, idBase }: { vm: Vm; idBase: string }) {
  const usage = useVmUsage(vmKey(vm.hostId, vm.id));
  const headingId = `${idBase}-usage-heading`;
  const last = usage ? usage.cpuPercent.length - 1 : -1;

  let body;
  if (!usage || last < 0) {
    body = (
      <p className="muted">
        {vm.state === 'shutoff' || vm.state === 'crashed'
          ? `No usage while ${vm.name} is not running.`
          : 'Waiting for the first sample…'}
      </p>
    );
  } else {
    const span = spanWords(usage);
    const cpu = formatPercent(usage.cpuPercent[last]!);
    const used = usage.memoryUsedKiB[last];
    const mem =
      used === null || used === undefined
        ? 'unknown'
        : `${formatKiB(used)} of ${formatKiB(vm.memoryKiB)}`;
    body = (
      <div className="usage-grid">
        <div className="usage-item">
          <div className="usage-head">
            <span className="usage-label">CPU</span>
            <span className="usage-value" id={`${idBase}-cpu-usage`}>
              {cpu}
            </span>
          </div>
          <Sparkline
            className="usage-chart usage-cpu"
            values={usage.cpuPercent}
            max={100}
            width={CHART_W}
            height={CHART_H}
            area
            label={`CPU ${cpu} ${span}`}
          />
        </div>
        <div className="usage-item">
          <div className="usage-head">
            <span className="usage-label">Memory</span>
            <span className="usage-value" id={`${idBase}-memory-usage`}>
              {mem}
            </span>
          </div>
          <Sparkline
            className="usage-chart usage-memory"
            values={usage.memoryUsedKiB}
            max={vm.memoryKiB}
            width={CHART_W}
            height={CHART_H}
            area
            label={`Memory ${mem} ${span}`}
          />
        </div>
      </div>
    );
  }
  return (
    <section className="card usage" aria-labelledby={headingId}>
      <h3 id={headingId}>Usage</h3>
      {body}
    </section>
  );
}
