// Checks a server's host key against OpenSSH known_hosts files (the user's and virtdesk's own),
// with OpenSSH's verdicts (hostfile.c check_hostkeys_by_key_or_type, checked against ssh 9.2):
//  - a key listed under @revoked for the host is refused even if another line accepts it;
//  - the same key under the host's name (plain, pattern or hashed) is a match;
//  - any other key for the host is a MISMATCH, including a key of another type: ssh reports
//    "REMOTE HOST IDENTIFICATION HAS CHANGED" when only an ECDSA key is known and the server
//    shows an Ed25519 one. ssh avoids that false alarm by offering known key types first; pass
//    hostKeyAlgorithmsFor() as ssh2's algorithms.serverHostKey to do the same.
//    (`otherKeyTypes: 'not-found'` instead treats another type as unknown, which makes an
//    attacker's key of a new type a prompt rather than a refusal.)
//  - @cert-authority lines are ignored: virtdesk does not accept host certificates.
// A non-22 port is only looked up as `[host]:port`; a plain `host` line means port 22.
import { readFileSync } from 'node:fs';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { VirtdeskError } from '../../shared/errors';
import {
  fingerprintSha256,
  hostFieldMatches,
  hostLookupName,
  keyTypeOf,
  normalizeKeyType,
  parseKnownHosts,
  type KnownHostEntry,
} from './knownHostsFormat';

export { fingerprintSha256, keyTypeOf, hostLookupName } from './knownHostsFormat';
export { appendKnownHost, removeKnownHost } from './knownHostsWrite';

export type KnownHostsStatus = 'match' | 'mismatch' | 'not-found' | 'revoked';

export interface KnownKey {
  type: string;
  fingerprint: string;
  file: string;
  line: number;
}

export interface KnownHostsResult {
  status: KnownHostsStatus;
  /** The presented key. */
  keyType: string;
  fingerprint: string;
  /** The name looked up: `host` for port 22, otherwise `[host]:port`. */
  lookupName: string;
  /**
   * match: the matching line. mismatch: the host's other keys, same type first. revoked: the
   * @revoked lines. not-found: keys of other types (only with otherKeyTypes 'not-found').
   */
  knownKeys: KnownKey[];
}

export interface CheckKnownHostsOptions {
  host: string;
  port: number | null;
  /** The key's type or the negotiated algorithm; must agree with the blob when given. */
  keyType?: string;
  /** The raw SSH wire-format public key, as ssh2 hands it to hostVerifier. */
  key: Buffer;
  files: readonly string[];
  otherKeyTypes?: 'mismatch' | 'not-found';
  readFile?: (file: string) => string | null;
}

type LocatedEntry = KnownHostEntry & { file: string };

function entriesFor(
  name: string,
  files: readonly string[],
  readFile: (file: string) => string | null,
): LocatedEntry[] {
  return files.flatMap((file) =>
    parseKnownHosts(readFile(file) ?? '')
      .filter((e) => hostFieldMatches(e.hosts, name))
      .map((e) => ({ ...e, file })),
  );
}

const known = (e: LocatedEntry): KnownKey => ({
  type: e.keyType,
  fingerprint: fingerprintSha256(e.key),
  file: e.file,
  line: e.line,
});

export function checkKnownHosts(opts: CheckKnownHostsOptions): KnownHostsResult {
  const keyType = keyTypeOf(opts.key);
  if (opts.keyType !== undefined && normalizeKeyType(opts.keyType) !== keyType) {
    throw new VirtdeskError(
      'INVALID_INPUT',
      `Key type ${opts.keyType} does not match the key, which is ${keyType}.`,
    );
  }
  const lookupName = hostLookupName(opts.host, opts.port);
  const entries = entriesFor(lookupName, opts.files, opts.readFile ?? readKnownHostsFile);
  const result = (status: KnownHostsStatus, keys: LocatedEntry[]): KnownHostsResult => ({
    status,
    keyType,
    fingerprint: fingerprintSha256(opts.key),
    lookupName,
    knownKeys: keys.map(known),
  });

  const revoked = entries.filter((e) => e.marker === 'revoked' && e.key.equals(opts.key));
  if (revoked.length > 0) return result('revoked', revoked);
  const plain = entries.filter((e) => e.marker === null);
  const exact = plain.find((e) => e.key.equals(opts.key));
  if (exact) return result('match', [exact]);
  const sameType = plain.filter((e) => e.keyType === keyType);
  const otherType = plain.filter((e) => e.keyType !== keyType);
  if (sameType.length > 0) return result('mismatch', [...sameType, ...otherType]);
  if (otherType.length > 0) {
    return result(opts.otherKeyTypes === 'not-found' ? 'not-found' : 'mismatch', otherType);
  }
  return result('not-found', []);
}

/** Which algorithms can verify a known key of each type. */
const ALGORITHMS_FOR_TYPE: Record<string, ServerHostKeyAlgorithm[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256'],
};

/** ssh2's own default order (ssh-rsa with SHA-1 and ssh-dss left out, as OpenSSH 9 does). */
const DEFAULT_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/**
 * Host key algorithms for ssh2's `algorithms.serverHostKey`, with the types already known for the
 * host first (OpenSSH's order_hostkeyalgs), so a host known by its ECDSA key is asked for that
 * key and not for an Ed25519 key that would look like a changed identity.
 */
export function hostKeyAlgorithmsFor(opts: {
  host: string;
  port: number | null;
  files: readonly string[];
  readFile?: (file: string) => string | null;
}): ServerHostKeyAlgorithm[] {
  const name = hostLookupName(opts.host, opts.port);
  const entries = entriesFor(name, opts.files, opts.readFile ?? readKnownHostsFile);
  const preferred = entries
    .filter((e) => e.marker === null)
    .flatMap((e) => ALGORITHMS_FOR_TYPE[e.keyType] ?? []);
  return [...new Set([...preferred, ...DEFAULT_ALGORITHMS])];
}

/** A missing or unreadable file counts as empty, as it does for ssh. */
export function readKnownHostsFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
