// The detail pane for a host: connection, then its views as tabs: Overview (CPU and memory, NUMA,
// PCI devices and networks) and, when the host has them, Storage (pools and volumes), Networks
// (libvirt virtual networks), Tuning (NUMA memory, hugepages, KSM, pCPU usage) and Devices (PCI
// passthrough and SR-IOV).
import { useMemo } from 'react';
import { connectionWord, formatKiB, stateWord } from '../../lib/format';
import type { HostTab } from '../../lib/detailTabs';
import { tabShown, tabsFor } from '../../lib/detailTabs';
import { requestTab } from '../../store/navigation';
import { Tabs } from '../common/Tabs';
import { HostStorage } from '../storage/HostStorage';
import { HostNetworks } from '../network/HostNetworks';
import { HostTuning } from '../tuning/HostTuning';
import { HostDevices } from './devices/HostDevices';
import { useAppStore } from '../../store/appStore';
import type { Host, VmState } from '../../../../shared/model';
import { ReasonButton } from '../common/ReasonButton';
import { HostConnectionActions, HostConnectionStatus } from './HostConnection';
import { HostNuma, HostPciDevices } from './HostHardware';
import '../detail/detail.css';
import { useHostBlocked } from '../common/useHostBlocked';

export function HostDetail({ hostId }: { hostId: string }) {
  const host = useAppStore((s) => s.hosts[hostId]);
  const keys = useAppStore((s) => s.vmOrder[hostId]);
  const vms = useAppStore((s) => s.vms);
  const capabilities = useAppStore((s) => s.hosts[hostId]?.capabilities);
  const tab = useAppStore((s) => tabShown(s.tabs, 'host', hostId, capabilities));

  const counts = useMemo(() => {
    const byState = new Map<VmState, number>();
    for (const k of keys ?? []) {
      const vm = vms[k];
      if (vm) byState.set(vm.state, (byState.get(vm.state) ?? 0) + 1);
    }
    return [...byState.entries()].map(([state, n]) => `${n} ${stateWord(state).toLowerCase()}`);
  }, [keys, vms]);

  if (!host) return null;
  const idBase = `host-${host.id}`;
  const headingId = `${idBase}-heading`;

  return (
    <article className="detail" aria-labelledby={headingId}>
      <header className="detail-header">
        <span className={`conn-dot conn-dot-lg conn-${host.connection}`} aria-hidden="true" />
        <div className="detail-title">
          <h2 id={headingId}>{host.name}</h2>
          <p className="muted mono">{host.uri}</p>
        </div>
        <span className={`state-badge conn-${host.connection}`} id={`${idBase}-connection`}>
          {connectionWord(host.connection)}
        </span>
      </header>
      <div className="toolbar" role="toolbar" aria-label="Host actions">
        <NewVmButton host={host} />
        <HostConnectionActions host={host} />
      </div>
      <HostConnectionStatus host={host} idBase={idBase} />
      <Tabs<HostTab>
        label={`Views of ${host.name}`}
        idBase={idBase}
        tabs={tabsFor('host', capabilities)}
        selected={tab}
        onSelect={(next) => requestTab('host', host.id, next)}
      >
        {tab === 'storage' ? (
          <HostStorage host={host} />
        ) : tab === 'networks' ? (
          <HostNetworks host={host} />
        ) : tab === 'tuning' ? (
          <HostTuning host={host} />
        ) : tab === 'devices' ? (
          <HostDevices host={host} />
        ) : (
          <HostOverview host={host} idBase={idBase} counts={counts} vmCount={keys?.length ?? 0} />
        )}
      </Tabs>
    </article>
  );
}

function HostOverview({
  host,
  idBase,
  counts,
  vmCount,
}: {
  host: Host;
  idBase: string;
  counts: string[];
  vmCount: number;
}) {
  const hw = host.hardware;
  const threads = hw ? hw.sockets * hw.coresPerSocket * hw.threadsPerCore : null;
  return (
    <>
      <section className="card" aria-label="Overview">
        <dl className="facts">
          <dt>Driver</dt>
          <dd id={`${idBase}-driver`}>{host.driverLabel}</dd>
          <dt>URI</dt>
          <dd id={`${idBase}-uri`} className="mono wrap">
            {host.uri}
          </dd>
          <dt>Hypervisor</dt>
          <dd>{host.hypervisor || '—'}</dd>
          <dt>VMs</dt>
          <dd>
            {vmCount}
            {counts.length > 0 && <span className="muted"> ({counts.join(', ')})</span>}
          </dd>
          {hw && (
            <>
              <dt>CPU model</dt>
              <dd id={`${idBase}-cpu-model`}>{hw.cpuModel}</dd>
              <dt>Topology</dt>
              <dd id={`${idBase}-topology`}>
                {hw.sockets} {hw.sockets === 1 ? 'socket' : 'sockets'} × {hw.coresPerSocket} cores ×{' '}
                {hw.threadsPerCore} {hw.threadsPerCore === 1 ? 'thread' : 'threads'} = {threads}{' '}
                CPUs
              </dd>
              <dt>Memory</dt>
              <dd id={`${idBase}-memory`}>{formatKiB(hw.memoryKiB)}</dd>
            </>
          )}
          <dt>Networks</dt>
          <dd>{host.networks.length > 0 ? host.networks.join(', ') : '—'}</dd>
        </dl>
      </section>
      {hw ? (
        <>
          <HostNuma nodes={hw.numaNodes} idBase={idBase} />
          <HostPciDevices devices={hw.pciDevices} idBase={idBase} />
        </>
      ) : (
        <p className="muted">Hardware details are not available while the host is not connected.</p>
      )}
    </>
  );
}

function NewVmButton({ host }: { host: Host }) {
  const openDialog = useAppStore((s) => s.openDialog);
  const blocked = useHostBlocked(host);
  return (
    <ReasonButton className="btn" why={blocked} onClick={() => openDialog({ kind: 'new-vm' })}>
      New VM on {host.name}
    </ReasonButton>
  );
}
