// A pool's fill level: a meter whose value is the bytes allocated out of its capacity, read out
// as "812 GiB of 1.8 TiB used, 1 TiB free". Turns amber above 80 % and red above 95 %.
import type { Pool } from '../../../../shared/model';
import { formatSize } from '../../../../shared/storage';

export function capacityText(pool: Pool): string {
  return `${formatSize(pool.allocationBytes)} of ${formatSize(pool.capacityBytes)} used, ${formatSize(pool.availableBytes)} free`;
}

export function CapacityBar({ pool, id }: { pool: Pool; id?: string }) {
  if (pool.state !== 'active') return <span className="muted">Not known while inactive</span>;
  const share = pool.capacityBytes > 0 ? pool.allocationBytes / pool.capacityBytes : 0;
  const level = share > 0.95 ? 'full' : share > 0.8 ? 'high' : 'ok';
  return (
    <div
      id={id}
      className="capacity"
      role="meter"
      aria-label={`Capacity of ${pool.name}`}
      aria-valuemin={0}
      aria-valuemax={pool.capacityBytes}
      aria-valuenow={pool.allocationBytes}
      aria-valuetext={capacityText(pool)}
      title={capacityText(pool)}
    >
      <div className="capacity-track">
        <div
          className={`capacity-fill capacity-${level}`}
          style={{ width: `${Math.min(100, share * 100).toFixed(1)}%` }}
        />
      </div>
      <span className="capacity-text">
        {formatSize(pool.allocationBytes)} / {formatSize(pool.capacityBytes)}
        <span className="muted"> · {formatSize(pool.availableBytes)} free</span>
      </span>
    </div>
  );
}
