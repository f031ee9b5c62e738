// ssh2's `hostVerifier` for one connection. Policy (DESIGN.md, libvirt-ssh): a known key is
// accepted silently, a changed or revoked key is refused without asking (a prompt there trains
// people to click through a man-in-the-middle), and an unknown key is shown to the user through
// `confirm`, an injected callback: this code never opens UI. ssh2 only reports "Host denied", so
// the reason is kept for the connecting code to report (lastError) and passed to onResult.
import { VirtdeskError } from '../../shared/errors';
import type { HostKeyDecision } from '../../shared/prompts';
import { appendKnownHost, checkKnownHosts, type KnownKey } from './knownHosts';
import { fingerprintSha256, hostLookupName, keyTypeOf } from './knownHostsFormat';

/** What `confirm` shows; fits the service's host-key prompt (shared/prompts.ts) plus knownKeys. */
export interface UnknownHostKey {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** Keys of other types already known for the host (only when otherKeyTypes is 'not-found'). */
  knownKeys: KnownKey[];
}

export interface HostVerification {
  accepted: boolean;
  how: 'known' | 'once' | 'remembered' | 'mismatch' | 'revoked' | 'cancelled' | 'failed';
  keyType: string;
  fingerprint: string;
  /** Why the key was refused; or, for 'remembered', why it could not be saved (still accepted). */
  error: VirtdeskError | null;
}

export interface HostVerifierOptions {
  /** The name keys are filed under: HostKeyAlias if the ssh config sets one, else the HostName. */
  host: string;
  port: number;
  /** The user's known_hosts files (UserKnownHostsFile, and GlobalKnownHostsFile if wanted). */
  userFiles: readonly string[];
  /** virtdesk's own known_hosts (e.g. DATA/known_hosts): read like the others, written on 'remember'. */
  appFile: string;
  confirm: (info: UnknownHostKey) => Promise<HostKeyDecision>;
  onResult?: (r: HostVerification) => void;
  /** Store remembered hosts hashed (HashKnownHosts). */
  hashAppFile?: boolean;
  otherKeyTypes?: 'mismatch' | 'not-found';
}

export interface HostVerifierHandle {
  /** Pass as ssh2's ConnectConfig.hostVerifier. */
  hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => void;
  /** Why the last key was refused, or null; ssh2's own error only says "Host denied". */
  lastError: () => VirtdeskError | null;
}

export function createHostVerifier(opts: HostVerifierOptions): HostVerifierHandle {
  const name = hostLookupName(opts.host, opts.port);
  let lastError: VirtdeskError | null = null;
  // ssh2 asks again on every re-key: the key accepted first (however) is the connection's key,
  // accepted again silently; a different key in mid-connection is refused outright.
  let accepted: { key: Buffer; how: HostVerification['how'] } | null = null;

  const decide = async (key: Buffer): Promise<HostVerification> => {
    const keyType = keyTypeOf(key);
    const fingerprint = fingerprintSha256(key);
    const verdict = (
      how: HostVerification['how'],
      error: VirtdeskError | null = null,
    ): HostVerification => ({
      accepted: how === 'known' || how === 'once' || how === 'remembered',
      how,
      keyType,
      fingerprint,
      error,
    });

    if (accepted) {
      if (accepted.key.equals(key)) return verdict(accepted.how);
      return verdict(
        'mismatch',
        new VirtdeskError(
          'HOST_KEY_MISMATCH',
          `The host key for ${name} changed during the connection (now ${keyType} ${fingerprint}); the connection was refused.`,
        ),
      );
    }
    const r = checkKnownHosts({
      host: opts.host,
      port: opts.port,
      key,
      files: [...opts.userFiles, opts.appFile],
      otherKeyTypes: opts.otherKeyTypes ?? 'mismatch',
    });
    if (r.status === 'match') return verdict('known');
    if (r.status === 'revoked') {
      const where = r.knownKeys.map((k) => `${k.file}:${k.line}`).join(', ');
      return verdict(
        'revoked',
        new VirtdeskError(
          'HOST_KEY_MISMATCH',
          `The ${keyType} host key for ${name} (${fingerprint}) is REVOKED (@revoked in ${where}). ` +
            'Someone may be using a stolen key to impersonate the host; the connection was refused.',
        ),
      );
    }
    if (r.status === 'mismatch')
      return verdict('mismatch', mismatchError(name, keyType, fingerprint, r.knownKeys));

    const answer = await opts.confirm({
      host: opts.host,
      port: opts.port,
      keyType,
      fingerprint,
      knownKeys: r.knownKeys,
    });
    if (answer === 'once') return verdict('once');
    if (answer === 'remember') {
      try {
        await appendKnownHost(opts.appFile, opts.host, opts.port, keyType, key, {
          hash: opts.hashAppFile,
        });
        return verdict('remembered');
      } catch (e) {
        // The user trusted the key; failing to save it must not also fail this connection.
        const why = e instanceof Error ? e.message : String(e);
        return verdict(
          'remembered',
          new VirtdeskError('HOST_ERROR', `Could not save the host key to ${opts.appFile}: ${why}`),
        );
      }
    }
    return verdict(
      'cancelled',
      new VirtdeskError('HOST_KEY_UNKNOWN', `Host key for ${name} was not accepted`),
    );
  };

  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
    void decide(key)
      .then((r) => {
        if (r.accepted && !accepted) accepted = { key, how: r.how };
        return r;
      })
      .catch((e: unknown): HostVerification => {
        const why = e instanceof Error ? e.message : String(e);
        const error =
          e instanceof VirtdeskError
            ? e
            : new VirtdeskError(
                'HOST_KEY_UNKNOWN',
                `Could not verify the host key for ${name}: ${why}`,
              );
        return { accepted: false, how: 'failed', keyType: '', fingerprint: '', error };
      })
      .then((r) => {
        // Recorded before verify() so ssh2's "Host denied" handler can already read the reason.
        lastError = r.accepted ? null : r.error;
        try {
          opts.onResult?.(r);
        } catch {
          // A listener's bug must not leave the handshake waiting for an answer forever.
        }
        try {
          verify(r.accepted);
        } catch {
          // The connection may have ended (ready timeout, user closed it) while the user decided.
        }
      });
    // Returning nothing (not a boolean) tells ssh2 the answer comes later through verify().
  };

  return { hostVerifier, lastError: () => lastError };
}

function mismatchError(
  name: string,
  keyType: string,
  fingerprint: string,
  knownKeys: KnownKey[],
): VirtdeskError {
  const old = knownKeys.map((k) => `  ${k.type} ${k.fingerprint} (${k.file}:${k.line})`).join('\n');
  const files = [...new Set(knownKeys.map((k) => k.file))];
  const fix = files.map((f) => `  ssh-keygen -R "${name}" -f "${f}"`).join('\n');
  const sameType = knownKeys.some((k) => k.type === keyType);
  return new VirtdeskError(
    'HOST_KEY_MISMATCH',
    `The host key for ${name} has CHANGED; the connection was refused.\n` +
      `The server presented ${keyType} ${fingerprint}, but known_hosts has:\n${old}\n` +
      (sameType ? '' : `(no ${keyType} key is known for this host, only the keys above)\n`) +
      'Someone could be intercepting the connection (man-in-the-middle), or the host was reinstalled. ' +
      'Check the new fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) ' +
      'and, only if it matches, remove the old key and connect again:\n' +
      fix,
  );
}
