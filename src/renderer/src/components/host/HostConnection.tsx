// A host's connection in its detail pane: "Connecting…" while it connects, the reason when it is
// disconnected, and Reconnect / Remove connection for a host whose capabilities allow them
// (built-in hosts can do neither).
import type { Host } from '../../../../shared/model';
import { useAppStore } from '../../store/appStore';
import { reconnectHost } from '../../store/connectionCommands';
import { ReasonButton } from '../common/ReasonButton';
import '../connection/connection.css';
import { LINK_LOST } from '../../api/consoleConnection';

/** Why Reconnect is unavailable, or null. */
function whyNoReconnect(host: Host, linkOpen: boolean): string | null {
  if (!linkOpen) return LINK_LOST;
  if (host.connection === 'connected') return `${host.name} is connected`;
  if (host.connection === 'connecting') return `${host.name} is already connecting`;
  return null;
}

/** Reconnect and Remove connection, for the host's toolbar: each one the host can do. */
export function HostConnectionActions({ host }: { host: Host }) {
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const openDialog = useAppStore((s) => s.openDialog);
  const { reconnect, remove } = host.capabilities;
  return (
    <>
      {reconnect && (
        <ReasonButton
          className="btn"
          why={whyNoReconnect(host, linkOpen)}
          onClick={() => void reconnectHost(host.id)}
        >
          Reconnect
        </ReasonButton>
      )}
      {remove && (
        <ReasonButton
          className="btn btn-danger"
          why={linkOpen ? null : LINK_LOST}
          onClick={() => openDialog({ kind: 'remove-connection', hostId: host.id })}
        >
          Remove connection
        </ReasonButton>
      )}
    </>
  );
}

/** The connection's state when it is not simply connected. */
export function HostConnectionStatus({ host, idBase }: { host: Host; idBase: string }) {
  if (host.connection === 'connecting') {
    return (
      <p className="host-status" role="status" id={`${idBase}-status`}>
        <span className="spinner" aria-hidden="true" />
        Connecting…
      </p>
    );
  }
  if (host.connection === 'disconnected') {
    return (
      <p className="inline-error" role="alert" id={`${idBase}-status`}>
        {host.connectionError || `${host.name} is disconnected.`}
      </p>
    );
  }
  if (host.connectionError) {
    return (
      <p className="inline-error" role="alert">
        {host.connectionError}
      </p>
    );
  }
  return null;
}
