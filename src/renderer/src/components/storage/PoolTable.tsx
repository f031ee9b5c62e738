// The host's storage pools: type, state, autostart, how full each is, and Start/Stop/Refresh.
// Choosing a pool's name shows its volumes below.
import type { Pool } from '../../../../shared/model';
import { domId } from '../../lib/format';
import type { PoolAction } from '../../store/storageCommands';
import { runPoolAction } from '../../store/storageCommands';
import { useStorageStore, volumesKey } from '../../store/storageStore';
import { ReasonButton } from '../common/ReasonButton';
import { ACTIONS_COLUMN, RowActions, TableCard } from '../common/TableCard';
import { CapacityBar } from './CapacityBar';
import { poolStateWord, poolTypeWord } from './words';
import { AutostartCell, PickCell } from '../common/RowCells';

interface Props {
  hostId: string;
  pools: readonly Pool[];
  selected: string | null;
  /** Why nothing can be done (host or link down), or null. */
  blocked: string | null;
}

const COLUMNS = [
  'Name',
  'Type',
  'Source',
  'State',
  'Autostart',
  { label: 'Capacity', className: 'capacity-col' },
  ACTIONS_COLUMN,
];

function sourceText(p: Pool): string {
  const s = p.source;
  if (s.host && s.dir) return `${s.host}:${s.dir}`;
  if (s.host && s.name) return `${s.name} on ${s.host}`;
  return s.device ?? p.targetPath ?? s.name ?? '';
}

export function PoolTable({ hostId, pools, selected, blocked }: Props) {
  const busy = useStorageStore((s) => s.busy);
  const selectPool = useStorageStore((s) => s.selectPool);
  const headingId = `host-${hostId}-pools-heading`;
  const act = (p: Pool, action: PoolAction) => void runPoolAction(hostId, p.name, action);

  return (
    <TableCard headingId={headingId} title="Storage pools" className="pool-table" columns={COLUMNS}>
      {pools.map((p) => {
        const inFlight = busy[volumesKey(hostId, p.name)];
        const why = blocked ?? (inFlight ? 'Working…' : null);
        const rowId = domId('pool', hostId, p.name);
        return (
          <tr key={p.name} id={rowId} className={p.name === selected ? 'is-selected' : undefined}>
            <PickCell
              name={p.name}
              picked={p.name === selected}
              onPick={() => selectPool(hostId, p.name)}
            />
            <td>{poolTypeWord(p.type)}</td>
            <td className="mono wrap pool-source">{sourceText(p) || '—'}</td>
            <td>
              <span className={`pool-state pool-${p.state}`}>{poolStateWord(p.state)}</span>
            </td>
            <AutostartCell
              name={p.name}
              checked={p.autostart}
              disabled={why !== null}
              onChange={(on) => act(p, on ? 'autostart-on' : 'autostart-off')}
            />
            <td>
              <CapacityBar pool={p} id={`${rowId}-capacity`} />
            </td>
            <RowActions>
              {p.state === 'active' ? (
                <ReasonButton className="btn btn-small" why={why} onClick={() => act(p, 'stop')}>
                  Stop
                </ReasonButton>
              ) : (
                <ReasonButton className="btn btn-small" why={why} onClick={() => act(p, 'start')}>
                  {inFlight === 'start' && <span className="spinner" aria-hidden="true" />}
                  Start
                </ReasonButton>
              )}
              <ReasonButton
                className="btn btn-small"
                why={why ?? (p.state === 'active' ? null : `${p.name} is inactive`)}
                onClick={() => act(p, 'refresh')}
              >
                Refresh
              </ReasonButton>
            </RowActions>
          </tr>
        );
      })}
    </TableCard>
  );
}
