// The detail pane for one VM: its state in words, resources, devices and lifecycle actions.
import { formatKiB, vmStateLabel } from '../../lib/format';
import { useAppStore } from '../../store/appStore';
import { VmActions } from './VmActions';
import { VmDisks, VmNics } from './VmHardware';
import '../detail/detail.css';

export function VmDetail({ vmKey }: { vmKey: string }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const host = useAppStore((s) => (vm ? s.hosts[vm.hostId] : undefined));
  const select = useAppStore((s) => s.select);
  if (!vm) return null;

  const idBase = `vm-${vm.hostId}-${vm.name}`;
  const headingId = `${idBase}-heading`;
  return (
    <article className="detail" aria-labelledby={headingId}>
      <header className="detail-header">
        <span className={`state-dot state-dot-lg state-${vm.state}`} aria-hidden="true" />
        <div className="detail-title">
          <h2 id={headingId}>{vm.name}</h2>
          {vm.title && <p className="muted">{vm.title}</p>}
        </div>
        <span
          className={`state-badge state-${vm.state}`}
          id={`${idBase}-state`}
          data-testid="vm-state"
        >
          {vmStateLabel(vm)}
        </span>
      </header>
      <VmActions vmKey={vmKey} vm={vm} host={host} />

      <section className="card" aria-label="Overview">
        <dl className="facts">
          <dt>Host</dt>
          <dd>
            {host ? (
              <button
                type="button"
                className="link"
                onClick={() => select({ kind: 'host', hostId: host.id })}
              >
                {host.name}
              </button>
            ) : (
              vm.hostId
            )}
          </dd>
          <dt>vCPUs</dt>
          <dd id={`${idBase}-vcpus`}>{vm.vcpus}</dd>
          <dt>Memory</dt>
          <dd id={`${idBase}-memory`}>{formatKiB(vm.memoryKiB)}</dd>
          <dt>Autostart</dt>
          <dd>{vm.autostart ? 'Yes' : 'No'}</dd>
          <dt>Persistent</dt>
          <dd>{vm.persistent ? 'Yes' : 'No (transient)'}</dd>
          <dt>UUID</dt>
          <dd className="mono">{vm.id}</dd>
          {vm.description && (
            <>
              <dt>Description</dt>
              <dd className="wrap">{vm.description}</dd>
            </>
          )}
        </dl>
      </section>
      <VmDisks disks={vm.disks} idBase={idBase} />
      <VmNics nics={vm.nics} idBase={idBase} />
    </article>
  );
}
