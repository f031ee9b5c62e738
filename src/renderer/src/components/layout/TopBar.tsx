// The top bar: the app name, the Jobs list's button, Add connection and the New VM button.
import { useAppStore } from '../../store/appStore';
import { ReasonButton } from '../common/ReasonButton';
import { LINK_LOST } from '../../api/consoleConnection';
import { JobsButton } from '../jobs/JobsPanel';

export function TopBar() {
  const openDialog = useAppStore((s) => s.openDialog);
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const anyConnected = useAppStore((s) =>
    s.hostOrder.some((id) => s.hosts[id]?.connection === 'connected'),
  );
  const why = !linkOpen ? LINK_LOST : anyConnected ? undefined : 'No host is connected';
  return (
    <header className="topbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        virtdesk
      </span>
      <div className="topbar-actions">
        <JobsButton />
        <ReasonButton
          className="btn"
          why={linkOpen ? null : LINK_LOST}
          title="Add a remote libvirt host over SSH"
          onClick={() => openDialog({ kind: 'add-connection' })}
        >
          Add connection
        </ReasonButton>
        <ReasonButton
          className="btn btn-primary"
          why={why ?? null}
          title="Create a VM"
          onClick={() => openDialog({ kind: 'new-vm' })}
        >
          New VM
        </ReasonButton>
      </div>
    </header>
  );
}
