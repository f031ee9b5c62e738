// The console-only window ("Open in new window", `?console=HOST/VM`): one VM's serial console
// filling the window, under its name and state, with the link banner and errors above it.
import { useEffect } from 'react';
import { vmStateLabel } from '../../lib/format';
import { useAppStore } from '../../store/appStore';
import { ErrorAlerts } from '../notices/ErrorAlerts';
import { LazyConsoleTab } from '../vm/console/LazyConsoleTab';
import { LinkBanner } from './LinkBanner';
import '../detail/detail.css';
import './layout.css';

export function ConsoleWindow({ vmKey }: { vmKey: string }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const host = useAppStore((s) => (vm ? s.hosts[vm.hostId] : undefined));
  const loaded = useAppStore((s) => s.loaded);
  const name = vm?.name;

  useEffect(() => {
    document.title = name ? `${name} — serial console — virtdesk` : 'Serial console — virtdesk';
  }, [name]);

  return (
    <div className="app">
      <LinkBanner />
      <ErrorAlerts />
      <main className="console-window" aria-label="Console window">
        {vm ? (
          <>
            <header className="console-window-header">
              <span className={`state-dot state-dot-lg state-${vm.state}`} aria-hidden="true" />
              <h1 className="detail-title">{vm.name}</h1>
              <span className={`state-badge state-${vm.state}`} data-testid="vm-state">
                {vmStateLabel(vm)}
              </span>
            </header>
            <LazyConsoleTab vmKey={vmKey} vm={vm} host={host} standalone />
          </>
        ) : (
          <p className="muted">{loaded ? 'This VM no longer exists.' : 'Loading…'}</p>
        )}
      </main>
    </div>
  );
}
