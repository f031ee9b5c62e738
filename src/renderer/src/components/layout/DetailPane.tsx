// The right-hand pane: errors, then whatever is selected in the tree.
import { useAppStore } from '../../store/appStore';
import { HostDetail } from '../host/HostDetail';
import { ErrorAlerts } from '../notices/ErrorAlerts';
import { VmDetail } from '../vm/VmDetail';

export function DetailPane() {
  const selection = useAppStore((s) => s.selection);
  const loaded = useAppStore((s) => s.loaded);
  return (
    <main className="main" aria-label="Details">
      <ErrorAlerts />
      {selection?.kind === 'vm' ? (
        <VmDetail key={selection.key} vmKey={selection.key} />
      ) : selection?.kind === 'host' ? (
        <HostDetail key={selection.hostId} hostId={selection.hostId} />
      ) : (
        <div className="empty-pane">
          <p>{loaded ? 'Select a host or a VM in the tree.' : 'Loading…'}</p>
        </div>
      )}
    </main>
  );
}
