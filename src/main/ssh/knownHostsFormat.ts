// The known_hosts(5) line format and the SSH public-key wire blob, as OpenSSH reads and writes them:
//   [@revoked|@cert-authority] host-field key-type base64-blob [comment]
// where host-field is a comma list of names/patterns or one hashed `|1|salt|hmac` entry, and a
// non-22 port is part of the name as `[host]:port`. Malformed lines are skipped, never fatal:
// one bad line in a user's file must not lock them out of every host.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VirtdeskError } from '../../shared/errors';
import { matchPatternList } from './hostPatterns';

export type KnownHostMarker = 'revoked' | 'cert-authority' | null;

export interface KnownHostEntry {
  marker: KnownHostMarker;
  /** The host field as written (patterns, or a `|1|` hash). */
  hosts: string;
  keyType: string;
  key: Buffer;
  /** 1-based line number in its file. */
  line: number;
}

/** The algorithm name at the start of an SSH wire-format public key (`ssh-ed25519`, `ssh-rsa`...). */
export function keyTypeOf(blob: Buffer): string {
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  const name =
    len >= 1 && len <= 64 && blob.length >= 4 + len ? blob.toString('latin1', 4, 4 + len) : '';
  if (!/^[A-Za-z0-9@._+-]+$/.test(name)) {
    throw new VirtdeskError('INVALID_INPUT', 'Not an SSH public key (bad wire format).');
  }
  return name;
}

/** `SHA256:` + unpadded base64 of the blob's SHA-256, exactly what `ssh-keygen -lf` prints. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The algorithms that can sign with a key type: an `ssh-rsa` key serves rsa-sha2-512/256 too, so
 * a caller passing the negotiated algorithm still names the right key type.
 */
export function normalizeKeyType(type: string): string {
  return type === 'rsa-sha2-256' || type === 'rsa-sha2-512' ? 'ssh-rsa' : type;
}

/** The name known_hosts stores for host:port (OpenSSH's put_host_port): port 22 is implied. */
export function hostLookupName(host: string, port: number | null): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  return port === null || port === 22 ? lower : `[${lower}]:${port}`;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, the format `ssh-keygen -H` writes. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const mac = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const want = Buffer.from(parts[3] ?? '', 'base64');
  // OpenSSH insists on a SHA-1 sized salt and MAC; anything else is a corrupt line.
  if (salt.length !== 20 || want.length !== 20) return false;
  return timingSafeEqual(createHmac('sha1', salt).update(name).digest(), want);
}

/** Whether a host field names `name` (a lookup name from hostLookupName). */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  return matchPatternList(name, field.split(','));
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** One line, or null for blank, comment and malformed lines. */
export function parseKnownHostsLine(raw: string, line: number): KnownHostEntry | null {
  const text = raw.replace(/\r$/, '').replace(/^[ \t]+/, '');
  if (text === '' || text.startsWith('#')) return null;
  const fields = text.split(/[ \t]+/);
  let marker: KnownHostMarker = null;
  if (fields[0]?.startsWith('@')) {
    const m = fields.shift();
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return null; // An unknown marker: OpenSSH skips the line too.
  }
  const [hosts, keyType, b64] = fields;
  if (!hosts || !keyType || !b64 || !BASE64.test(b64)) return null;
  const key = Buffer.from(b64, 'base64');
  try {
    // A blob whose embedded type disagrees with the type field is corrupt, not a different key.
    if (keyTypeOf(key) !== keyType) return null;
  } catch {
    return null;
  }
  return { marker, hosts, keyType, key, line };
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const e = parseKnownHostsLine(raw, i + 1);
    if (e) out.push(e);
  });
  return out;
}

export function formatKnownHostLine(hostField: string, key: Buffer): string {
  return `${hostField} ${keyTypeOf(key)} ${key.toString('base64')}`;
}
