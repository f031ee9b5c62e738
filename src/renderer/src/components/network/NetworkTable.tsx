// The host's networks: kind, state, autostart, bridge, addresses, DHCP range, who uses each, and
// Start / Stop / Undefine. Stop and Undefine ask first (naming the VMs with NICs on it). Choosing
// a network's name shows its DHCP leases below.
import type { Network } from '../../../../shared/model';
import { domId } from '../../lib/format';
import { useAppStore } from '../../store/appStore';
import type { NetworkAction } from '../../store/networkCommands';
import { runNetworkAction } from '../../store/networkCommands';
import { ReasonButton } from '../common/ReasonButton';
import { AutostartCell, PickCell } from '../common/RowCells';
import { ACTIONS_COLUMN, RowActions, TableCard } from '../common/TableCard';
import { addressesText, bridgeText, dhcpText, networkKindWord } from './words';

interface Props {
  hostId: string;
  networks: readonly Network[];
  selected: string | null;
  onSelect(name: string): void;
  /** Why nothing can be done (host or link down, an operation running), or null. */
  blocked: string | null;
}

const COLUMNS = [
  'Name',
  'Kind',
  'State',
  'Autostart',
  'Bridge',
  'Addresses',
  'DHCP range',
  'Used by',
  ACTIONS_COLUMN,
];

export function NetworkTable({ hostId, networks, selected, onSelect, blocked }: Props) {
  const openDialog = useAppStore((s) => s.openDialog);
  const headingId = `host-${hostId}-networks-heading`;
  const act = (n: Network, action: NetworkAction) => void runNetworkAction(hostId, n.name, action);

  return (
    <TableCard
      headingId={headingId}
      title="Virtual networks"
      className="network-table"
      columns={COLUMNS}
    >
      {networks.map((n) => {
        const rowId = domId('network', hostId, n.name);
        const users = n.usedBy.map((u) => u.vmName + (u.running ? '' : ' (off)')).join(', ');
        return (
          <tr key={n.name} id={rowId} className={n.name === selected ? 'is-selected' : undefined}>
            <PickCell name={n.name} picked={n.name === selected} onPick={() => onSelect(n.name)} />
            <td>{networkKindWord(n)}</td>
            <td>
              <span className={`pool-state pool-${n.active ? 'active' : 'inactive'}`}>
                {n.active ? 'Active' : 'Inactive'}
              </span>
            </td>
            <AutostartCell
              name={n.name}
              checked={n.autostart}
              disabled={blocked !== null || !n.persistent}
              onChange={(on) => act(n, on ? 'autostart-on' : 'autostart-off')}
            />
            <td className="mono">{bridgeText(n) || '—'}</td>
            <td className="mono wrap">{addressesText(n) || '—'}</td>
            <td className="mono wrap">{dhcpText(n) || '—'}</td>
            <td className="wrap">{users || '—'}</td>
            <RowActions>
              {n.active ? (
                <ReasonButton
                  className="btn btn-small"
                  why={blocked}
                  onClick={() => openDialog({ kind: 'network-stop', hostId, network: n.name })}
                >
                  Stop
                </ReasonButton>
              ) : (
                <ReasonButton
                  className="btn btn-small"
                  why={blocked}
                  onClick={() => act(n, 'start')}
                >
                  Start
                </ReasonButton>
              )}
              <ReasonButton
                className="btn btn-small btn-danger"
                why={blocked ?? (n.active ? `${n.name} is active: stop it first` : null)}
                onClick={() => openDialog({ kind: 'network-undefine', hostId, network: n.name })}
              >
                Undefine
              </ReasonButton>
            </RowActions>
          </tr>
        );
      })}
    </TableCard>
  );
}
