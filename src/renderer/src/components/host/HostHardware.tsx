// A host's NUMA topology and PCI devices (with IOMMU groups and SR-IOV roles).
import type { NumaNode, PciDevice } from '../../../../shared/model';
import { formatCpuList, formatKiB, sriovText } from '../../lib/format';
import { num, TableCard } from '../common/TableCard';

export function HostNuma({ nodes, idBase }: { nodes: readonly NumaNode[]; idBase: string }) {
  return (
    <TableCard
      headingId={`${idBase}-numa-heading`}
      title="NUMA nodes"
      columns={['Node', 'CPUs', num('Memory'), 'Hugepages (free / total)']}
    >
      {nodes.map((n) => (
        <tr key={n.id}>
          <td>{n.id}</td>
          <td className="mono">{formatCpuList(n.cpus)}</td>
          <td className="num">{formatKiB(n.memoryKiB)}</td>
          <td>
            {n.hugepages.length === 0
              ? '—'
              : n.hugepages
                  .map((p) => `${formatKiB(p.sizeKiB)}: ${p.free} / ${p.total}`)
                  .join(', ')}
          </td>
        </tr>
      ))}
    </TableCard>
  );
}

function byGroupThenAddress(a: PciDevice, b: PciDevice): number {
  return a.iommuGroup - b.iommuGroup || (a.address < b.address ? -1 : 1);
}

export function HostPciDevices({
  devices,
  idBase,
}: {
  devices: readonly PciDevice[];
  idBase: string;
}) {
  const sorted = [...devices].sort(byGroupThenAddress);
  const groupSizes = new Map<number, number>();
  for (const d of devices) groupSizes.set(d.iommuGroup, (groupSizes.get(d.iommuGroup) ?? 0) + 1);
  return (
    <TableCard
      headingId={`${idBase}-pci-heading`}
      title="PCI devices"
      columns={['Address', 'Device', 'Class', 'Driver', num('IOMMU group'), num('NUMA'), 'SR-IOV']}
      empty={sorted.length === 0 ? 'No PCI devices reported.' : null}
    >
      {sorted.map((d) => {
        const shared = (groupSizes.get(d.iommuGroup) ?? 1) - 1;
        return (
          <tr key={d.address}>
            <td className="mono">{d.address}</td>
            <td className="wrap">
              {d.vendor} {d.product}{' '}
              <span className="muted mono">
                [{d.vendorId}:{d.productId}]
              </span>
            </td>
            <td>{d.pciClass}</td>
            <td className="mono">{d.driver ?? '—'}</td>
            <td
              className="num"
              title={shared > 0 ? `Shares its group with ${shared} other device(s)` : undefined}
            >
              {d.iommuGroup}
              {shared > 0 && <span className="muted"> (+{shared})</span>}
            </td>
            <td className="num">{d.numaNode ?? '—'}</td>
            <td>{sriovText(d)}</td>
          </tr>
        );
      })}
    </TableCard>
  );
}
