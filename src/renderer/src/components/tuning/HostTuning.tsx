// The Tuning view of a host: memory used / free per NUMA node, the hugepage pools of each node
// (resizable), KSM and what it saves, and the pCPU map with each CPU's usage. Loads when shown and
// again every stats interval while shown (usage is a rate between two samples).
import { useEffect } from 'react';
import type { Host, HostTuning as Tuning } from '../../../../shared/model';
import { STATS_INTERVAL_MS } from '../../../../shared/model';
import { ksmSavedKiB, pageSizeText } from '../../../../shared/tuning';
import { LINK_LOST } from '../../api/consoleConnection';
import { formatKiB } from '../../lib/format';
import { useAppStore } from '../../store/appStore';
import { hostTuning, useResizeOutcome } from '../../store/tuningCommands';
import { HostView } from '../common/HostView';
import { ReasonButton } from '../common/ReasonButton';
import { RowActions, TableCard, num } from '../common/TableCard';
import { CpuMap } from '../host/CpuMap';
import '../storage/storage.css';

export function HostTuning({ host }: { host: Host }) {
  const connected = host.connection === 'connected';
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const { load, value, reload } = hostTuning.use(connected ? host.id : null);
  const busy = hostTuning.useBusy(host.id);
  useEffect(() => {
    if (!connected) return;
    const timer = setInterval(reload, STATS_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [connected, reload]);

  const blocked = !linkOpen ? LINK_LOST : busy ? 'Working…' : null;
  // A failed periodic reload keeps the last figures shown; only a first load that fails says so.
  const error = load.status === 'error' && value === undefined ? load.message : undefined;
  return (
    <HostView
      host={host}
      unavailable="Tuning figures are"
      className="storage-view"
      error={error}
      onRetry={reload}
      value={value}
      loading="Loading tuning figures…"
    >
      {(tuning) => (
        <>
          <NodeMemoryTable hostId={host.id} tuning={tuning} />
          <HugepageTable hostId={host.id} tuning={tuning} blocked={blocked} />
          <KsmCard hostId={host.id} tuning={tuning} />
          <section className="card" aria-labelledby={`host-${host.id}-cpus-heading`}>
            <h3 id={`host-${host.id}-cpus-heading`}>CPU usage per pCPU</h3>
            <CpuMap cpus={tuning.cpus} label={`CPUs of ${host.name}`} />
          </section>
        </>
      )}
    </HostView>
  );
}

function NodeMemoryTable({ hostId, tuning }: { hostId: string; tuning: Tuning }) {
  return (
    <TableCard
      headingId={`host-${hostId}-numa-memory-heading`}
      title="Memory per NUMA node"
      columns={['Node', num('Total'), num('Used'), num('Free')]}
    >
      {tuning.nodes.map((n) => (
        <tr key={n.id}>
          <th scope="row">Node {n.id}</th>
          <td className="num">{formatKiB(n.totalKiB)}</td>
          <td className="num">{formatKiB(n.totalKiB - n.freeKiB)}</td>
          <td className="num">{formatKiB(n.freeKiB)}</td>
        </tr>
      ))}
    </TableCard>
  );
}

function HugepageTable({
  hostId,
  tuning,
  blocked,
}: {
  hostId: string;
  tuning: Tuning;
  blocked: string | null;
}) {
  const openDialog = useAppStore((s) => s.openDialog);
  const outcome = useResizeOutcome((s) => s[hostId]);
  const rows = tuning.nodes.flatMap((n) => n.hugepages.map((p) => ({ node: n.id, ...p })));
  return (
    <TableCard
      headingId={`host-${hostId}-hugepages-heading`}
      title="Hugepage pools"
      columns={['Pool', num('Free'), num('Total'), num('In use'), num('Memory'), '']}
      empty={rows.length === 0 ? 'The host has no hugepage pools.' : null}
    >
      {rows.map((p) => (
        <tr key={`${p.node}/${p.sizeKiB}`}>
          <th scope="row">
            Node {p.node}, {pageSizeText(p.sizeKiB)}
          </th>
          <td className="num">{p.free}</td>
          <td className="num">{p.total}</td>
          <td className="num">{p.total - p.free}</td>
          <td className="num">{formatKiB(p.total * p.sizeKiB)}</td>
          <RowActions>
            <ReasonButton
              className="btn btn-small"
              why={blocked}
              aria-label={`Resize node ${p.node} ${pageSizeText(p.sizeKiB)} pool`}
              onClick={() =>
                openDialog({ kind: 'hugepages', hostId, node: p.node, sizeKiB: p.sizeKiB })
              }
            >
              Resize…
            </ReasonButton>
          </RowActions>
        </tr>
      ))}
      {outcome && (
        <tr>
          <td colSpan={6} role="status" className={outcome.shortfall ? 'inline-error' : 'muted'}>
            Node {outcome.node}, {pageSizeText(outcome.sizeKiB)}: asked for {outcome.requested}, the
            pool now has {outcome.allocated}.{outcome.shortfall ? ` ${outcome.shortfall}` : ''}
          </td>
        </tr>
      )}
    </TableCard>
  );
}

function KsmCard({ hostId, tuning }: { hostId: string; tuning: Tuning }) {
  const ksm = tuning.ksm;
  const headingId = `host-${hostId}-ksm-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>Kernel samepage merging (KSM)</h3>
      {ksm === null ? (
        <p className="muted">The host does not report KSM.</p>
      ) : (
        <dl className="facts">
          <dt>State</dt>
          <dd>
            {ksm.running === null ? 'Reported' : ksm.running ? 'Running' : 'Stopped'}, scanning{' '}
            {ksm.pagesToScan} pages every {ksm.sleepMillisecs} ms
          </dd>
          <dt>Saved</dt>
          <dd id={`host-${hostId}-ksm-saved`}>{formatKiB(ksmSavedKiB(ksm))}</dd>
          <dt>Pages shared</dt>
          <dd>{ksm.pagesShared}</dd>
          <dt>Pages sharing</dt>
          <dd>{ksm.pagesSharing}</dd>
          <dt>Pages unshared</dt>
          <dd>{ksm.pagesUnshared}</dd>
          <dt>Pages volatile</dt>
          <dd>{ksm.pagesVolatile}</dd>
          <dt>Full scans</dt>
          <dd>{ksm.fullScans}</dd>
        </dl>
      )}
    </section>
  );
}
