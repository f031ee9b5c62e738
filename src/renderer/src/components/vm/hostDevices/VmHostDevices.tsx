// The host PCI devices assigned to a VM (raw hostdevs and SR-IOV VF interfaces), from its host's
// device list, each with Remove (asked first); and the Add host device button.
import type { Host, Vm } from '../../../../../shared/model';
import { useAppStore } from '../../../store/appStore';
import { hostDevices } from '../../../store/hostDeviceCommands';
import { vmKey } from '../../../store/keys';
import { ReasonButton } from '../../common/ReasonButton';
import { ACTIONS_COLUMN, RowActions, TableCard } from '../../common/TableCard';
import { useHostBlocked } from '../../common/useHostBlocked';

export function VmHostDevices({ vm, host, idBase }: { vm: Vm; host: Host; idBase: string }) {
  const openDialog = useAppStore((s) => s.openDialog);
  const connected = host.connection === 'connected';
  const { load, value } = hostDevices.use(connected ? host.id : null);
  const key = vmKey(vm.hostId, vm.id);
  const blocked = useHostBlocked(host);
  const assigned = (value?.devices ?? []).flatMap((d) => {
    const u = d.users.find((x) => x.vmId === vm.id);
    return u ? [{ device: d, user: u }] : [];
  });
  const empty =
    load.status === 'error' ? (
      <p className="inline-error" role="alert">
        {load.message}
      </p>
    ) : connected && value === undefined ? (
      'Loading host devices…'
    ) : assigned.length === 0 ? (
      'No host devices.'
    ) : null;

  return (
    <TableCard
      headingId={`${idBase}-hostdevs-heading`}
      title="Host devices"
      columns={['Address', 'Device', 'As', 'Now', ACTIONS_COLUMN]}
      empty={empty}
      actions={
        <ReasonButton
          className="btn btn-small"
          why={blocked}
          onClick={() => openDialog({ kind: 'add-host-device', key })}
        >
          Add host device
        </ReasonButton>
      }
    >
      {assigned.map(({ device, user }) => (
        <tr key={device.address}>
          <td className="mono">{device.address}</td>
          <td>
            {device.product}
            <div className="muted">{device.vendor}</div>
          </td>
          <td>
            {user.as === 'interface'
              ? `Interface${user.mac ? `, MAC ${user.mac}` : ''}${user.vlan !== undefined ? `, VLAN ${user.vlan}` : ''}`
              : 'hostdev'}
          </td>
          <td>{user.running ? 'In use' : 'At next start'}</td>
          <RowActions>
            <ReasonButton
              className="btn btn-small"
              why={blocked}
              aria-label={`Remove ${device.address}`}
              onClick={() =>
                openDialog({ kind: 'remove-host-device', key, address: device.address })
              }
            >
              Remove
            </ReasonButton>
          </RowActions>
        </tr>
      ))}
    </TableCard>
  );
}
