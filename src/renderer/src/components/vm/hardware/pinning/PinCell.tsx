// One pCPU on the pinning map: its number, this VM's vCPUs (and emulator, iothreads) placed there,
// and the other VMs pinned there. Memoised on what it shows, and it learns whether it is the drop
// or keyboard target from the target store, so a drag re-renders only the cells it enters and
// leaves.
import { memo } from 'react';
import { CPU_ATTR } from './pinDrag';
import type { PinTargetStore } from './pinTarget';
import { useIsTarget } from './pinTarget';

interface Props {
  cpu: number;
  /** The element id the map's aria-activedescendant names. */
  id: string;
  /** This VM's slots here ("vCPU 0, vCPU 1"), '' when none. */
  mine: string;
  /** The short marks shown for them ("0 1 E"). */
  mineShort: string;
  /** The other VMs here, in words ("plex (running)"), '' when none. */
  others: string;
  /** Whether one of them runs (shown as taken). */
  othersRunning: boolean;
  /** How many other VMs are here. */
  otherCount: number;
  store: PinTargetStore;
  /** Pins the picked chip here (a click while a chip is picked). */
  onChoose: (cpu: number) => void;
}

export const PinCell = memo(function PinCell(p: Props) {
  const isTarget = useIsTarget(p.store, p.cpu);
  const description = [p.mine, p.others].filter(Boolean).join('; ') || 'nothing pinned here';
  const cls = [
    'cpu-cell',
    'pin-cell',
    p.mine ? 'pin-mine' : '',
    p.otherCount > 0 ? (p.othersRunning ? 'pin-taken' : 'pin-other') : '',
    isTarget ? 'pin-target' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={p.id}
      className={cls}
      role="button"
      tabIndex={-1}
      aria-label={`CPU ${p.cpu}`}
      aria-description={description}
      title={`CPU ${p.cpu}: ${description}`}
      {...{ [CPU_ATTR]: p.cpu }}
      onClick={() => p.onChoose(p.cpu)}
    >
      <span className="cpu-id">{p.cpu}</span>
      <span className="pin-here">{p.mineShort}</span>
      {p.otherCount > 0 && (
        <span className="pin-others" aria-hidden="true">
          {p.otherCount === 1 ? p.others.replace(/ \(.*$/, '') : `${p.otherCount} VMs`}
        </span>
      )}
    </div>
  );
});
