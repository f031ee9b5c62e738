// The CPU sparkline in a running VM's tree row. It subscribes to its own VM's samples, so a stats
// tick re-renders only the visible rows' sparklines, never the tree. Decorative: the row's
// accessible name stays the VM name; figures are in the VM's Overview.
import { useVmUsage } from '../../store/usageStore';
import { Sparkline } from './Sparkline';
import './usage.css';

const EMPTY: readonly number[] = [];

export function RowSparkline({ vmKey }: { vmKey: string }) {
  const usage = useVmUsage(vmKey);
  return (
    <Sparkline
      className="tree-spark"
      values={usage?.cpuPercent ?? EMPTY}
      max={100}
      width={36}
      height={12}
      fit
    />
  );
}
