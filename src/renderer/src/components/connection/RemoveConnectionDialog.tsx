// Asks before forgetting a remote host. Only virtdesk's saved connection goes: the host, its VMs
// and their disks are not touched, and the host can be added again at any time.
import { useAppStore } from '../../store/appStore';
import { removeConnection } from '../../store/connectionCommands';
import { Modal } from '../common/Modal';

export function RemoveConnectionDialog({ hostId }: { hostId: string }) {
  const host = useAppStore((s) => s.hosts[hostId]);
  const closeDialog = useAppStore((s) => s.closeDialog);
  if (!host) return null;

  const remove = (): void => {
    closeDialog();
    void removeConnection(hostId);
  };

  return (
    <Modal
      labelledBy="remove-connection-heading"
      describedBy="remove-connection-text"
      onCancel={closeDialog}
      className="modal-narrow"
    >
      <h2 id="remove-connection-heading">Remove {host.name}?</h2>
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
      <div className="modal-actions">
        <button type="button" className="btn" data-autofocus onClick={closeDialog}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger-solid" onClick={remove}>
          Remove connection
        </button>
      </div>
    </Modal>
  );
}
