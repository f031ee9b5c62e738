// The VM's disks and network interfaces, as compact tables.
import type { Disk, Nic } from '../../../../shared/model';
import { formatBytes } from '../../lib/format';
import { num, TableCard } from '../common/TableCard';

export function VmDisks({ disks, idBase }: { disks: readonly Disk[]; idBase: string }) {
  return (
    <TableCard
      headingId={`${idBase}-disks-heading`}
      title="Disks"
      columns={['Target', 'Device', 'Bus', 'Source', 'Format', num('Size')]}
      empty={disks.length === 0 ? 'No disks.' : null}
    >
      {disks.map((d) => (
        <tr key={d.target}>
          <td className="mono">{d.target}</td>
          <td>{d.device}</td>
          <td>{d.bus}</td>
          <td className="mono wrap">{d.source ?? '—'}</td>
          <td>{d.format ?? '—'}</td>
          <td className="num">{d.capacityBytes === null ? '—' : formatBytes(d.capacityBytes)}</td>
        </tr>
      ))}
    </TableCard>
  );
}

export function VmNics({ nics, idBase }: { nics: readonly Nic[]; idBase: string }) {
  return (
    <TableCard
      headingId={`${idBase}-nics-heading`}
      title="Network interfaces"
      columns={['MAC', 'Type', 'Source', 'Model']}
      empty={nics.length === 0 ? 'No network interfaces.' : null}
    >
      {nics.map((n) => (
        <tr key={n.mac}>
          <td className="mono">{n.mac}</td>
          <td>{n.type}</td>
          <td>{n.source}</td>
          <td>{n.model}</td>
        </tr>
      ))}
    </TableCard>
  );
}
