// The top bar: the app name and the New VM button.
import { useAppStore } from '../../store/appStore';

export function TopBar() {
  const openDialog = useAppStore((s) => s.openDialog);
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const anyConnected = useAppStore((s) =>
    s.hostOrder.some((id) => s.hosts[id]?.connection === 'connected'),
  );
  const why = !linkOpen
    ? 'Disconnected from virtdesk'
    : anyConnected
      ? undefined
      : 'No host is connected';
  return (
    <header className="topbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        virtdesk
      </span>
      <div className="topbar-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={why !== undefined}
          title={why ?? 'Create a VM'}
          onClick={() => openDialog({ kind: 'new-vm' })}
        >
          New VM
        </button>
      </div>
    </header>
  );
}
