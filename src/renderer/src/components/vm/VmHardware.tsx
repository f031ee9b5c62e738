// The VM's disks and network interfaces, as compact tables.
import type { Disk, Nic } from '../../../../shared/model';
import { formatBytes } from '../../lib/format';

export function VmDisks({ disks, idBase }: { disks: readonly Disk[]; idBase: string }) {
  const headingId = `${idBase}-disks-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>Disks</h3>
      {disks.length === 0 ? (
        <p className="muted">No disks.</p>
      ) : (
        <table className="grid" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Device</th>
              <th scope="col">Bus</th>
              <th scope="col">Source</th>
              <th scope="col">Format</th>
              <th scope="col" className="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {disks.map((d) => (
              <tr key={d.target}>
                <td className="mono">{d.target}</td>
                <td>{d.device}</td>
                <td>{d.bus}</td>
                <td className="mono wrap">{d.source ?? '—'}</td>
                <td>{d.format ?? '—'}</td>
                <td className="num">
                  {d.capacityBytes === null ? '—' : formatBytes(d.capacityBytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function VmNics({ nics, idBase }: { nics: readonly Nic[]; idBase: string }) {
  const headingId = `${idBase}-nics-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>Network interfaces</h3>
      {nics.length === 0 ? (
        <p className="muted">No network interfaces.</p>
      ) : (
        <table className="grid" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">MAC</th>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Model</th>
            </tr>
          </thead>
          <tbody>
            {nics.map((n) => (
              <tr key={n.mac}>
                <td className="mono">{n.mac}</td>
                <td>{n.type}</td>
                <td>{n.source}</td>
                <td>{n.model}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
