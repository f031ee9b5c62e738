// A host's NUMA topology and PCI devices (with IOMMU groups and SR-IOV roles).
import type { NumaNode, PciDevice } from '../../../../shared/model';
import { formatCpuList, formatKiB, sriovText } from '../../lib/format';

export function HostNuma({ nodes, idBase }: { nodes: readonly NumaNode[]; idBase: string }) {
  const headingId = `${idBase}-numa-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>NUMA nodes</h3>
      <table className="grid" aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">CPUs</th>
            <th scope="col" className="num">
              Memory
            </th>
            <th scope="col">Hugepages (free / total)</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </section>
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
  const headingId = `${idBase}-pci-heading`;
  const sorted = [...devices].sort(byGroupThenAddress);
  const groupSizes = new Map<number, number>();
  for (const d of devices) groupSizes.set(d.iommuGroup, (groupSizes.get(d.iommuGroup) ?? 0) + 1);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>PCI devices</h3>
      {sorted.length === 0 ? (
        <p className="muted">No PCI devices reported.</p>
      ) : (
        <table className="grid" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Device</th>
              <th scope="col">Class</th>
              <th scope="col">Driver</th>
              <th scope="col" className="num">
                IOMMU group
              </th>
              <th scope="col" className="num">
                NUMA
              </th>
              <th scope="col">SR-IOV</th>
            </tr>
          </thead>
          <tbody>
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
                    title={
                      shared > 0 ? `Shares its group with ${shared} other device(s)` : undefined
                    }
                  >
                    {d.iommuGroup}
                    {shared > 0 && <span className="muted"> (+{shared})</span>}
                  </td>
                  <td className="num">{d.numaNode ?? '—'}</td>
                  <td>{sriovText(d)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
