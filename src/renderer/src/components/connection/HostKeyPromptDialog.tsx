// "Unknown host key": what OpenSSH asks on a first connection, with the key's SHA256 fingerprint
// to compare against the host's own (ssh-keygen -lf). Cancel is focused first, Escape cancels;
// "Accept and remember" adds the key to virtdesk's known_hosts.
import { useState } from 'react';
import type { HostKeyDecision, HostKeyPrompt } from '../../../../shared/prompts';
import { errorMessage } from '../../lib/errorText';
import { promptAnswerHostKey } from '../../store/connectionCommands';
import { Modal } from '../common/Modal';
import './connection.css';

/** How OpenSSH names the host: `[host]:port`, or just `host` on port 22. */
export function sshHostLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The host's public key file for this key type, for the advice line. */
function hostKeyFile(keyType: string): string {
  const kind = keyType.includes('ed25519')
    ? 'ed25519'
    : keyType.startsWith('ecdsa')
      ? 'ecdsa'
      : keyType.includes('rsa')
        ? 'rsa'
        : keyType.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${kind}_key.pub`;
}

interface Props {
  prompt: HostKeyPrompt;
  hostName: string | undefined;
  more: string | null;
}

export function HostKeyPromptDialog({ prompt, hostName, more }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const answer = async (decision: HostKeyDecision): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await promptAnswerHostKey(prompt.id, decision);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const target = sshHostLabel(prompt.host, prompt.port);
  return (
    <Modal
      labelledBy="host-key-heading"
      describedBy="host-key-text"
      onCancel={() => void answer('cancel')}
      className="modal-narrow prompt-dialog"
    >
      <h2 id="host-key-heading">Unknown host key</h2>
      <p id="host-key-text">
        The authenticity of host {target} can&apos;t be established.
        {hostName && hostName !== prompt.host && (
          <span className="muted"> (connecting to {hostName})</span>
        )}
      </p>
      <div className="fingerprint" data-testid="host-key-fingerprint">
        <span className="fingerprint-type">{prompt.keyType} key fingerprint:</span>
        <span className="fingerprint-value">{prompt.fingerprint}</span>
      </div>
      <p>
        Compare it with <code>ssh-keygen -lf {hostKeyFile(prompt.keyType)}</code> on the host.
      </p>
      <p className="muted prompt-note">
        Accept and remember saves the key in virtdesk&apos;s known hosts; a later change of key is
        refused.
      </p>
      {more && <p className="muted prompt-note">{more}</p>}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="btn" data-autofocus onClick={() => void answer('cancel')}>
          Cancel
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void answer('once')}>
          Accept once
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void answer('remember')}
        >
          Accept and remember
        </button>
      </div>
    </Modal>
  );
}
