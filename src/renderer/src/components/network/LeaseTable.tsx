// The DHCP leases of one network (`net-dhcp-leases`): which guest got which address, until when.
import type { Network } from '../../../../shared/model';
import { networkKey, networkLeases } from '../../store/networkCommands';
import { TableCard } from '../common/TableCard';

function expiry(at: number | null): string {
  return at === null ? 'never' : new Date(at).toLocaleString();
}

export function LeaseTable({ hostId, network }: { hostId: string; network: Network }) {
  const hasDhcp = network.addresses.some((a) => a.dhcpRange !== null);
  const { load, value } = networkLeases.use(
    network.active && hasDhcp ? networkKey(hostId, network.name) : null,
  );
  const headingId = `host-${hostId}-leases-heading`;
  const empty = !network.active
    ? `${network.name} is inactive: it hands out no addresses.`
    : !hasDhcp
      ? `${network.name} has no DHCP server.`
      : load.status === 'error'
        ? load.message
        : value === undefined
          ? 'Loading leases…'
          : value.length === 0
            ? 'No leases yet.'
            : null;
  return (
    <TableCard
      headingId={headingId}
      title={`DHCP leases on ${network.name}`}
      columns={['Address', 'MAC', 'Host name', 'Expires']}
      empty={empty}
    >
      {(value ?? []).map((l) => (
        <tr key={`${l.mac}-${l.ip}`}>
          <td className="mono">
            {l.ip}/{l.prefix}
          </td>
          <td className="mono">{l.mac}</td>
          <td>{l.hostname ?? '—'}</td>
          <td>{expiry(l.expiresAt)}</td>
        </tr>
      ))}
    </TableCard>
  );
}
