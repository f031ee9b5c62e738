// The volumes of the chosen pool: format, sizes, which VM uses each, and what can be done with
// them. Delete says why it is unavailable while a VM uses the volume ("Used by web-01").
import type { Pool } from '../../../../shared/model';
import { formatSize, usedByText } from '../../../../shared/storage';
import { domId } from '../../lib/format';
import { poolVolumes } from '../../store/storageCommands';
import { volumesKey } from '../../store/storageStore';
import { useAppStore } from '../../store/appStore';
import { ReasonButton } from '../common/ReasonButton';
import { ACTIONS_COLUMN, num, RowActions, TableCard } from '../common/TableCard';
import { ShownName } from '../common/ShownName';

const COLUMNS = ['Name', 'Format', num('Capacity'), num('Allocation'), 'Used by', ACTIONS_COLUMN];

interface Props {
  hostId: string;
  pool: Pool;
  blocked: string | null;
  /** Changes when the host's VM disks change: their volumes may have come or gone. */
  disksSignature: string;
}

export function VolumeTable({ hostId, pool, blocked, disksSignature }: Props) {
  const openDialog = useAppStore((s) => s.openDialog);
  const active = pool.state === 'active';
  const key = active ? volumesKey(hostId, pool.name) : null;
  const { load, value: volumes } = poolVolumes.use(key, disksSignature);
  const error = load.status === 'error' ? load.message : undefined;

  const headingId = `${domId('pool', hostId, pool.name)}-volumes-heading`;
  const dialog = (kind: 'resize' | 'clone' | 'delete' | 'attach', volume: string) =>
    openDialog({ kind, hostId, pool: pool.name, volume });

  const empty = !active ? (
    `${pool.name} is inactive: start it to see its volumes.`
  ) : error ? (
    <p className="inline-error" role="alert">
      {error}
    </p>
  ) : volumes === undefined ? (
    'Loading volumes…'
  ) : volumes.length === 0 ? (
    'No volumes.'
  ) : null;

  return (
    <TableCard
      headingId={headingId}
      title={`Volumes in ${pool.name}`}
      columns={COLUMNS}
      empty={empty}
      actions={
        <ReasonButton
          className="btn btn-small"
          why={blocked ?? (active ? null : `${pool.name} is inactive`)}
          onClick={() => openDialog({ kind: 'create-volume', hostId, pool: pool.name })}
        >
          Create volume
        </ReasonButton>
      }
    >
      {volumes?.map((v) => {
        const inUse = usedByText(v);
        return (
          <tr key={v.name} id={domId('volume', hostId, pool.name, v.name)}>
            <th scope="row" className="mono wrap" title={v.path}>
              <ShownName name={v.name} />
            </th>
            <td>{v.format}</td>
            <td className="num">{formatSize(v.capacityBytes)}</td>
            <td className="num">{formatSize(v.allocationBytes)}</td>
            <td>{v.usedBy.length > 0 ? v.usedBy.map((u) => u.vmName).join(', ') : '—'}</td>
            <RowActions>
              <ReasonButton
                className="btn btn-small"
                why={blocked ?? v.readOnly ?? null}
                onClick={() => dialog('resize', v.name)}
              >
                Resize
              </ReasonButton>
              <ReasonButton
                className="btn btn-small"
                why={blocked ?? v.readOnly ?? null}
                onClick={() => dialog('clone', v.name)}
              >
                Clone
              </ReasonButton>
              <ReasonButton
                className="btn btn-small"
                why={blocked ?? v.readOnly ?? inUse}
                onClick={() => dialog('attach', v.name)}
              >
                Attach to VM…
              </ReasonButton>
              <ReasonButton
                className="btn btn-small btn-danger"
                why={blocked ?? v.readOnly ?? inUse}
                onClick={() => dialog('delete', v.name)}
              >
                Delete
              </ReasonButton>
            </RowActions>
          </tr>
        );
      })}
    </TableCard>
  );
}
