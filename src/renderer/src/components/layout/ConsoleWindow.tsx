// The console-only window ("Open in new window", `?console=HOST/VM`): one VM's serial console
// filling the window, under its name and state, with the link banner and errors above it. The
// display-only window (`?display=HOST/VM`) is the same with the VM's screen.
import { useEffect } from 'react';
import { vmStateLabel } from '../../lib/format';
import { useAppStore } from '../../store/appStore';
import { ErrorAlerts } from '../notices/ErrorAlerts';
import { LazyConsoleTab } from '../vm/console/LazyConsoleTab';
import { LazyDisplayTab } from '../vm/display/LazyDisplayTab';
import { LinkBanner } from './LinkBanner';
import '../detail/detail.css';
import './layout.css';

export function ConsoleWindow({
  vmKey,
  show = 'console',
}: {
  vmKey: string;
  show?: 'console' | 'display';
}) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const host = useAppStore((s) => (vm ? s.hosts[vm.hostId] : undefined));
  const loaded = useAppStore((s) => s.loaded);
  const name = vm?.name;

  useEffect(() => {
    const what = show === 'display' ? 'display' : 'serial console';
    document.title = name ? `${name} — ${what} — virtdesk` : `${what} — virtdesk`;
  }, [name, show]);

  return (
    <div className="app">
      <LinkBanner />
      <ErrorAlerts />
      <main
        className="console-window"
        aria-label={show === 'display' ? 'Display window' : 'Console window'}
      >
        {vm ? (
          <>
            <header className="console-window-header">
              <span className={`state-dot state-dot-lg state-${vm.state}`} aria-hidden="true" />
              <h1 className="detail-title">{vm.name}</h1>
              <span className={`state-badge state-${vm.state}`} data-testid="vm-state">
                {vmStateLabel(vm)}
              </span>
            </header>
            {show === 'display' ? (
              <LazyDisplayTab vmKey={vmKey} vm={vm} host={host} standalone />
            ) : (
              <LazyConsoleTab vmKey={vmKey} vm={vm} host={host} standalone />
            )}
          </>
        ) : (
          <p className="muted">{loaded ? 'This VM no longer exists.' : 'Loading…'}</p>
        )}
      </main>
    </div>
  );
}
