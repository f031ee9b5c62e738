// The Devices tab of a host: its PCI devices grouped by IOMMU group (everything in a group goes to
// one VM together, so a GPU and its HDMI audio function sit side by side), each with its ids,
// class, the driver bound now, NUMA node and the VMs using it. An SR-IOV PF lists its VFs under it
// (index, MAC/VLAN and users), with the VF count control where the host lets it change and
// "Create VF network". IOMMU off: the tab says so, with the kernel parameters for the CPU vendor.
import type { ReactNode } from 'react';
import { useState } from 'react';
import type {
  DeviceUser,
  HostDevice,
  HostDeviceInventory,
} from '../../../../../shared/hostDevices';
import { kernelParams } from '../../../../../shared/hostDevices';
import type { Host } from '../../../../../shared/model';
import { domId } from '../../../lib/format';
import { useAppStore } from '../../../store/appStore';
import { bindHostDevice, hostDevices, setVfCount } from '../../../store/hostDeviceCommands';
import { HostView } from '../../common/HostView';
import { ReasonButton } from '../../common/ReasonButton';
import { TableCard } from '../../common/TableCard';
import './devices.css';

const COLUMNS = ['Address', 'Device', 'Class', 'Driver', 'NUMA', 'Used by', 'SR-IOV'];

export function usersText(users: readonly DeviceUser[]): string {
  if (users.length === 0) return '—';
  return users
    .map((u) => {
      const extra = [u.mac && `MAC ${u.mac}`, u.vlan !== undefined && `VLAN ${u.vlan}`]
        .filter(Boolean)
        .join(', ');
      return `${u.vmName} (${u.running ? 'running' : 'defined'}${extra ? `; ${extra}` : ''})`;
    })
    .join(', ');
}

/** Groups in order; a PF's VFs are listed under the PF, not as groups of their own. */
function groups(devices: readonly HostDevice[]): [number, HostDevice[]][] {
  const out = new Map<number, HostDevice[]>();
  for (const d of devices) {
    const pf = d.sriov?.role === 'vf' ? d.sriov.pf : null;
    if (pf !== null && devices.some((p) => p.address === pf)) continue;
    const list = out.get(d.iommuGroup) ?? [];
    list.push(d);
    out.set(d.iommuGroup, list);
  }
  return [...out.entries()];
}

/** What every row and cell of the device table is about. */
interface DeviceProps {
  host: Host;
  inv: HostDeviceInventory;
  device: HostDevice;
}

export function HostDevices({ host }: { host: Host }) {
  const connected = host.connection === 'connected';
  const { load, value, reload } = hostDevices.use(connected ? host.id : null);
  return (
    <HostView
      host={host}
      unavailable="Devices are"
      error={load.status === 'error' ? load.message : undefined}
      onRetry={reload}
      value={value}
      loading="Loading devices…"
    >
      {(inv) => <DeviceTable host={host} inv={inv} />}
    </HostView>
  );
}

function DeviceTable({ host, inv }: { host: Host; inv: HostDeviceInventory }) {
  const idBase = domId('host', host.id, 'devices');
  return (
    <>
      {!inv.iommu && (
        <div className="banner banner-warning detail-banner" role="note" id={`${idBase}-iommu`}>
          <span className="banner-text">
            IOMMU is off on {host.name}: no device can be passed through to a VM. Turn on{' '}
            {inv.cpuVendor === 'amd' ? 'AMD-Vi (IOMMU)' : 'VT-d'} in the firmware, add{' '}
            <code>{kernelParams(inv.cpuVendor)}</code> to the kernel command line and reboot.
          </span>
        </div>
      )}
      <TableCard
        headingId={`${idBase}-heading`}
        title="PCI devices by IOMMU group"
        columns={COLUMNS}
        className="devices-table"
        empty={inv.devices.length === 0 ? 'No PCI devices.' : null}
      >
        {groups(inv.devices).map(([group, members]) => (
          <GroupRows key={group} host={host} inv={inv} group={group} members={members} />
        ))}
      </TableCard>
    </>
  );
}

function GroupRows(props: {
  host: Host;
  inv: HostDeviceInventory;
  group: number;
  members: HostDevice[];
}) {
  const { host, inv, group, members } = props;
  return (
    <>
      <tr className="devices-group">
        <th scope="rowgroup" colSpan={COLUMNS.length}>
          {group < 0 ? 'No IOMMU group' : `IOMMU group ${group}`}
        </th>
      </tr>
      {members.map((d) => (
        <DeviceRows key={d.address} host={host} inv={inv} device={d} />
      ))}
    </>
  );
}

function DeviceRows({ host, inv, device }: DeviceProps) {
  const vfs =
    device.sriov?.role === 'pf'
      ? inv.devices.filter((d) => d.sriov?.role === 'vf' && d.sriov.pf === device.address)
      : [];
  return (
    <>
      <DeviceRow
        host={host}
        inv={inv}
        device={device}
        description={
          <>
            {device.product}
            {device.bootVga && <span className="tag">boot GPU</span>}
            <div className="muted">
              {device.vendor}{' '}
              <span className="mono">
                [{device.vendorId}:{device.productId}]
              </span>
            </div>
          </>
        }
        sriov={device.sriov?.role === 'pf' ? <PfControls host={host} inv={inv} pf={device} /> : '—'}
      />
      {vfs.map((vf) => (
        <DeviceRow
          key={vf.address}
          host={host}
          inv={inv}
          device={vf}
          className="devices-vf"
          description={
            <>
              VF {vf.vfIndex ?? '?'} of {device.address}
              <div className="muted">IOMMU group {vf.iommuGroup}</div>
            </>
          }
        />
      ))}
    </>
  );
}

/** A device's row (a PF's VFs are rows too): its own description and SR-IOV cell, the rest alike. */
function DeviceRow(
  props: DeviceProps & {
    className?: string;
    description: ReactNode;
    sriov?: ReactNode;
  },
) {
  const { host, inv, device } = props;
  return (
    <tr className={props.className} data-address={device.address}>
      <td className="mono">{device.address}</td>
      <td>{props.description}</td>
      <td>{device.pciClass}</td>
      <td>
        <DriverCell host={host} inv={inv} device={device} />
      </td>
      <td>{device.numaNode ?? '—'}</td>
      <td>{usersText(device.users)}</td>
      <td>{props.sriov}</td>
    </tr>
  );
}

/** The driver bound now, and Detach from host (to vfio-pci) / Reattach to host. */
function DriverCell({ host, inv, device }: DeviceProps) {
  const busy = hostDevices.useBusy(host.id);
  const onVfio = device.driver === 'vfio-pci';
  const held = device.users.find((u) => u.running);
  const why = held
    ? `In use by ${held.vmName}`
    : !onVfio && !inv.iommu
      ? 'IOMMU is off'
      : busy
        ? 'Working…'
        : null;
  return (
    <div className="driver-cell">
      <span className="mono">{device.driver ?? 'none'}</span>
      <ReasonButton
        className="btn btn-small"
        why={why}
        onClick={() => void bindHostDevice(host.id, device.address, onVfio ? 'host' : 'vfio-pci')}
      >
        {onVfio ? 'Reattach to host' : 'Detach from host'}
      </ReasonButton>
    </div>
  );
}

function PfControls({ host, inv, pf }: { host: Host; inv: HostDeviceInventory; pf: HostDevice }) {
  const openDialog = useAppStore((s) => s.openDialog);
  const busy = hostDevices.useBusy(host.id);
  const sriov = pf.sriov?.role === 'pf' ? pf.sriov : null;
  const [count, setCount] = useState(String(sriov?.vfs.length ?? 0));
  if (!sriov) return null;
  const id = domId('vf-count', host.id, pf.address);
  const n = Number(count);
  const why =
    count.trim() === '' || !Number.isInteger(n) || n < 0 || n > sriov.maxVfs
      ? `A whole number from 0 to ${sriov.maxVfs}`
      : n === sriov.vfs.length
        ? `${pf.address} has ${n} VFs`
        : busy
          ? 'Working…'
          : null;
  return (
    <div className="pf-controls">
      <span>
        {sriov.vfs.length} of {sriov.maxVfs} VFs
      </span>
      {inv.vfCountWritable && (
        <form
          className="vf-count"
          onSubmit={(e) => {
            e.preventDefault();
            if (why === null) void setVfCount(host.id, pf.address, n);
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            VF count of {pf.address}
          </label>
          <input
            id={id}
            type="number"
            min={0}
            max={sriov.maxVfs}
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
          <ReasonButton className="btn btn-small" type="submit" why={why}>
            Set VF count
          </ReasonButton>
        </form>
      )}
      <ReasonButton
        className="btn btn-small"
        why={
          sriov.vfs.length === 0
            ? `${pf.address} has no VFs enabled`
            : pf.netdev
              ? null
              : 'No network interface known'
        }
        onClick={() => openDialog({ kind: 'vf-network', hostId: host.id, address: pf.address })}
      >
        Create VF network
      </ReasonButton>
    </div>
  );
}
