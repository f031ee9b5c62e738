// Asks before forgetting a remote host. Only virtdesk's saved connection goes: the host, its VMs
// and their disks are not touched, and the host can be added again at any time.
import { useAppStore } from '../../store/appStore';
import { removeConnection } from '../../store/connectionCommands';
import { DialogFrame } from '../common/DialogFrame';

export function RemoveConnectionDialog({ hostId }: { hostId: string }) {
  const host = useAppStore((s) => s.hosts[hostId]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  if (!host) return null;

  return (
    <DialogFrame
      id="remove-connection"
      title={`Remove ${host.name}?`}
      describedBy="remove-connection-text"
      size="narrow"
      danger
      action="Remove connection"
      invalid={null}
      run={async () => void removeConnection(hostId)}
      onClose={closeDialog}
    >
      <div id="remove-connection-text">
        <p>
          virtdesk forgets its saved connection to {host.name} (
          <span className="mono wrap">{host.uri}</span>) and closes it.
        </p>
        <p>
          The VMs on {host.name} are not touched: they stay on the host as they are, running or not.
          You can add the connection again later.
        </p>
      </div>
    </DialogFrame>
  );
}
