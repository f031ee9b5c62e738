// The detail pane for one VM: its name and state, lifecycle actions, a banner when a saved
// definition waits for the next boot, and its views as tabs (Overview, XML, Console, and Hardware,
// Snapshots, Display when its host has them).
import { vmStateLabel } from '../../lib/format';
import type { VmTab } from '../../lib/detailTabs';
import { tabShown, tabsFor } from '../../lib/detailTabs';
import { useAppStore } from '../../store/appStore';
import { requestTab } from '../../store/navigation';
import { Tabs } from '../common/Tabs';
import { LazyConsoleTab } from './console/LazyConsoleTab';
import { SnapshotsTab } from './snapshots/SnapshotsTab';
import { HardwareTab } from './hardware/HardwareTab';
import { LazyDisplayTab } from './display/LazyDisplayTab';
import { VmMigration } from '../migration/VmMigration';
import { VmActions } from './VmActions';
import { VmOverview } from './VmOverview';
import { XmlTab } from './xml/XmlTab';
import '../detail/detail.css';

export function VmDetail({ vmKey }: { vmKey: string }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const host = useAppStore((s) => (vm ? s.hosts[vm.hostId] : undefined));
  const tab = useAppStore((s) => tabShown(s.tabs, 'vm', vmKey, host?.capabilities));
  if (!vm) return null;

  const idBase = `vm-${vm.hostId}-${vm.name}`;
  const headingId = `${idBase}-heading`;
  return (
    <article className={`detail detail-tab-${tab}`} aria-labelledby={headingId}>
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
      <VmMigration vm={vm} />
      {vm.pendingChanges && (
        <p className="banner banner-info detail-banner" role="status">
          <span className="banner-icon" aria-hidden="true">
            ℹ
          </span>
          <span className="banner-text">
            {vm.name} is running: the saved changes apply the next time it boots (shut down, then
            start).
          </span>
        </p>
      )}
      <Tabs<VmTab>
        label={`Views of ${vm.name}`}
        idBase={`vm-${vm.hostId}-${vm.id}`}
        tabs={tabsFor('vm', host?.capabilities)}
        selected={tab}
        onSelect={(next) => requestTab('vm', vmKey, next)}
      >
        {tab === 'hardware' ? (
          <HardwareTab key={vmKey} vmKey={vmKey} vm={vm} host={host} />
        ) : tab === 'xml' ? (
          <XmlTab key={vmKey} vmKey={vmKey} vm={vm} />
        ) : tab === 'console' ? (
          <LazyConsoleTab key={vmKey} vmKey={vmKey} vm={vm} host={host} />
        ) : tab === 'snapshots' ? (
          <SnapshotsTab key={vmKey} vmKey={vmKey} vm={vm} />
        ) : tab === 'display' ? (
          <LazyDisplayTab key={vmKey} vmKey={vmKey} vm={vm} host={host} />
        ) : (
          <VmOverview vm={vm} host={host} idBase={idBase} />
        )}
      </Tabs>
    </article>
  );
}
