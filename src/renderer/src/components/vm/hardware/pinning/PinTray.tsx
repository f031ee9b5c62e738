// The tray of this VM's chips: each vCPU, the emulator and each iothread, with where it is pinned.
// A chip is dragged onto a pCPU (pinDrag.ts), or picked with Enter/Space (or a click) and placed
// with the arrow keys on the map; Delete on a chip, or its × button, unpins it.
import type { KeyboardEvent, Ref } from 'react';
import type { CpuSet } from '../../../../../../shared/hardware';
import { cpusetText } from '../../../../../../shared/hardwareRules';
import type { ChipDrag } from './pinDrag';
import { consumeDragClick, startChipDrag } from './pinDrag';

export interface TrayChip {
  key: string;
  label: string;
  cpus: CpuSet | null;
}

interface Props {
  chips: readonly TrayChip[];
  picked: string | null;
  drag: ChipDrag;
  chipRef: (key: string) => Ref<HTMLButtonElement>;
  onPick: (key: string) => void;
  onUnpin: (key: string) => void;
}

export function PinTray({ chips, picked, drag, chipRef, onPick, onUnpin }: Props) {
  return (
    <ul className="pin-tray" aria-label="vCPUs, emulator and iothreads of this VM">
      {chips.map((c) => {
        const where = c.cpus && c.cpus.length > 0 ? cpusetText(c.cpus) : null;
        const onKeyDown = (e: KeyboardEvent): void => {
          if ((e.key === 'Delete' || e.key === 'Backspace') && where !== null) {
            e.preventDefault();
            onUnpin(c.key);
          }
        };
        return (
          <li key={c.key} className={`pin-chip-item${where ? ' is-pinned' : ''}`}>
            <button
              type="button"
              ref={chipRef(c.key)}
              className={`pin-chip${picked === c.key ? ' is-picked' : ''}`}
              aria-label={c.label}
              aria-description={where ? `pinned to CPU ${where}` : 'not pinned'}
              aria-pressed={picked === c.key}
              onPointerDown={(e) => startChipDrag(e, c.key, c.label, drag)}
              onClick={(e) => {
                if (!consumeDragClick(e.currentTarget)) onPick(c.key);
              }}
              onKeyDown={onKeyDown}
            >
              <span>{c.label}</span>
              <span className="pin-chip-where">{where ? `→ ${where}` : 'anywhere'}</span>
            </button>
            {where && (
              <button
                type="button"
                className="btn btn-ghost btn-small pin-unpin"
                aria-label={`Unpin ${c.label}`}
                title={`Unpin ${c.label}`}
                onClick={() => onUnpin(c.key)}
              >
                ×
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
