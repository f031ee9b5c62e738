// Real keys for the SSH tests, made by OpenSSH's own ssh-keygen in a throwaway directory, so the
// code under test is checked against what OpenSSH writes and prints, not against itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestKey {
  /** Algorithm name as in a .pub file: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256. */
  type: string;
  /** The raw wire blob (the base64 second field of the .pub file), as ssh2 hands it over. */
  blob: Buffer;
  /** `type base64`, ready to follow a host field in known_hosts. */
  typeAndKey: string;
  privateFile: string;
  publicFile: string;
}

export function sshKeygen(args: string[]): string {
  return execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function makeTempDir(prefix = 'virtdesk-ssh-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function generateKey(dir: string, name: string, type: 'ed25519' | 'rsa' | 'ecdsa'): TestKey {
  const privateFile = path.join(dir, name);
  const extra = type === 'rsa' ? ['-b', '2048'] : [];
  sshKeygen(['-q', '-t', type, ...extra, '-N', '', '-C', name, '-f', privateFile]);
  const publicFile = `${privateFile}.pub`;
  const [keyType = '', b64 = ''] = readFileSync(publicFile, 'utf8').trim().split(/\s+/);
  return {
    type: keyType,
    blob: Buffer.from(b64, 'base64'),
    typeAndKey: `${keyType} ${b64}`,
    privateFile,
    publicFile,
  };
}

/** The SHA256 fingerprint exactly as `ssh-keygen -lf` prints it. */
export function keygenFingerprint(publicFile: string): string {
  return sshKeygen(['-l', '-E', 'sha256', '-f', publicFile]).split(/\s+/)[1] ?? '';
}
