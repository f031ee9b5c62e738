// A map of the host's CPUs as the hardware has them: NUMA nodes, their cores, and each core's
// hyper-thread siblings side by side. Each pCPU is a cell whose content the caller chooses (the
// Tuning tab shows usage; a pinning view can show which vCPUs sit there); by default its number
// and usage. Kept free of any one view's data so both can draw on it.
import type { CSSProperties, HTMLAttributes, ReactNode, Ref } from 'react';
import type { PcpuInfo } from '../../../../shared/model';
import { cpuMapLayout } from '../../../../shared/tuning';
import './cpuMap.css';

interface Props {
  cpus: readonly PcpuInfo[];
  /** The map's accessible name. */
  label: string;
  /** What a pCPU's cell shows and is called; default: its usage as a meter. */
  cell?: (cpu: PcpuInfo) => ReactNode;
  /** Extra attributes for the map's root group, for a view that makes the map one keyboard stop
   * (tabIndex, onKeyDown, aria-activedescendant …); its role and name stay the map's. */
  mapProps?: HTMLAttributes<HTMLDivElement> & { ref?: Ref<HTMLDivElement> };
}

/** The usage meter a pCPU cell shows by default, shaded by how busy it is. */
export function UsageCell({ cpu }: { cpu: PcpuInfo }) {
  const pct = cpu.usagePercent;
  const text = pct === null ? 'not measured yet' : `${Math.round(pct)} %`;
  return (
    <div
      className="cpu-cell"
      role="meter"
      aria-label={`CPU ${cpu.id}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct === null ? undefined : Math.round(pct)}
      aria-valuetext={text}
      title={`CPU ${cpu.id}: ${text}`}
      style={{ '--usage': `${pct ?? 0}%` } as CSSProperties}
    >
      <span className="cpu-id">{cpu.id}</span>
      <span className="cpu-usage">{pct === null ? '—' : `${Math.round(pct)}%`}</span>
    </div>
  );
}

export function CpuMap({ cpus, label, cell, mapProps }: Props) {
  const show = cell ?? ((cpu: PcpuInfo) => <UsageCell cpu={cpu} />);
  return (
    <div
      {...mapProps}
      className={`cpu-map${mapProps?.className ? ` ${mapProps.className}` : ''}`}
      role="group"
      aria-label={label}
    >
      {cpuMapLayout(cpus).map((n) => (
        <section key={n.node} className="cpu-node" role="group" aria-label={`NUMA node ${n.node}`}>
          <h4 className="cpu-node-title">Node {n.node}</h4>
          <div className="cpu-cores">
            {n.cores.map((c) => (
              <div
                key={`${c.socket}:${c.core}`}
                className="cpu-core"
                role="group"
                aria-label={`Core ${c.core}${c.socket > 0 ? ` of socket ${c.socket}` : ''}: CPUs ${c.cpus.map((x) => x.id).join(', ')}`}
              >
                {c.cpus.map((cpu) => (
                  <div key={cpu.id} className="cpu-slot">
                    {show(cpu)}
                  </div>
                ))}
              </div>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
