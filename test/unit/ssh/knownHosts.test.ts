import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtdeskError } from '../../../src/shared/errors';
import {
  checkKnownHosts,
  fingerprintSha256,
  hostKeyAlgorithmsFor,
  keyTypeOf,
  type CheckKnownHostsOptions,
} from '../../../src/main/ssh/knownHosts';
import { generateKey, keygenFingerprint, makeTempDir, sshKeygen } from './keys';

const tmp = makeTempDir();
afterAll(tmp.cleanup);
const hostEd = generateKey(tmp.dir, 'host_ed25519', 'ed25519');
const hostRsa = generateKey(tmp.dir, 'host_rsa', 'rsa');
const hostEcdsa = generateKey(tmp.dir, 'host_ecdsa', 'ecdsa');
const otherEd = generateKey(tmp.dir, 'other_ed25519', 'ed25519');

let fileCount = 0;
function knownHosts(...lines: string[]): string {
  const file = path.join(tmp.dir, `known_hosts_${++fileCount}`);
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

function check(files: string[], over: Partial<CheckKnownHostsOptions> = {}) {
  return checkKnownHosts({ host: '127.0.0.1', port: 2222, key: hostEd.blob, files, ...over });
}

describe('key blobs', () => {
  it('fingerprints exactly like ssh-keygen -lf for ed25519, RSA and ECDSA', () => {
    for (const k of [hostEd, hostRsa, hostEcdsa]) {
      expect(fingerprintSha256(k.blob)).toBe(keygenFingerprint(k.publicFile));
      expect(keyTypeOf(k.blob)).toBe(k.type);
    }
    expect(hostEcdsa.type).toBe('ecdsa-sha2-nistp256');
  });

  it('refuses something that is not a wire blob', () => {
    for (const junk of [
      Buffer.alloc(0),
      Buffer.from([0, 0, 0, 200, 65]),
      Buffer.from('\0\0\0\x03a b'),
    ]) {
      expect(() => keyTypeOf(junk)).toThrow(VirtdeskError);
    }
  });
});

describe('checkKnownHosts', () => {
  it('matches [host]:port entries, and a plain host only on port 22', () => {
    const file = knownHosts(`[127.0.0.1]:2222 ${hostEd.typeAndKey}`, `kvm1 ${hostEd.typeAndKey}`);
    const r = check([file]);
    expect(r).toMatchObject({
      status: 'match',
      lookupName: '[127.0.0.1]:2222',
      keyType: 'ssh-ed25519',
    });
    expect(r.knownKeys).toEqual([
      { type: 'ssh-ed25519', fingerprint: r.fingerprint, file, line: 1 },
    ]);
    expect(check([file], { port: 22 }).status).toBe('not-found');
    expect(check([file], { host: 'KVM1', port: 22 }).status).toBe('match');
    expect(check([file], { host: 'kvm1', port: null }).status).toBe('match');
    expect(check([file], { host: 'kvm1', port: 2222 }).status).toBe('not-found');
  });

  it('matches comma lists, wildcards and IPv6, and honours negation', () => {
    const file = knownHosts(
      `kvm1,10.0.0.5 ${hostEd.typeAndKey}`,
      `*.lab.example,!evil.lab.example ${hostEd.typeAndKey}`,
      `[10.0.0.?]:2222 ${hostEd.typeAndKey}`,
      `[::1]:2222 ${hostEd.typeAndKey}`,
    );
    expect(check([file], { host: '10.0.0.5', port: 22 }).status).toBe('match');
    expect(check([file], { host: 'KVM2.Lab.Example', port: 22 }).status).toBe('match');
    expect(check([file], { host: 'evil.lab.example', port: 22 }).status).toBe('not-found');
    expect(check([file], { host: '10.0.0.7' }).knownKeys[0]?.line).toBe(3);
    expect(check([file], { host: '10.0.0.17' }).status).toBe('not-found');
    expect(check([file], { host: '::1' }).status).toBe('match');
    expect(check([file], { host: '[::1]' }).status).toBe('match');
  });

  it('matches entries hashed by ssh-keygen -H', () => {
    const file = knownHosts(
      `[127.0.0.1]:2222 ${hostEd.typeAndKey}`,
      `kvm1.lab ${hostRsa.typeAndKey}`,
    );
    sshKeygen(['-H', '-f', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/127\.0\.0\.1|kvm1/);
    expect(text.match(/^\|1\|/gm)).toHaveLength(2);
    expect(check([file]).status).toBe('match');
    expect(check([file], { host: 'kvm1.lab', port: 22, key: hostRsa.blob }).status).toBe('match');
    expect(check([file], { host: 'kvm1.lab', port: 22, key: otherEd.blob }).status).toBe(
      'mismatch',
    );
    expect(check([file], { host: 'kvm2.lab', port: 22 }).status).toBe('not-found');
  });

  it('reports a different key of the same type as a mismatch, with where the old one is', () => {
    const file = knownHosts('# lab', '', `[127.0.0.1]:2222 ${otherEd.typeAndKey}`);
    const r = check([file]);
    expect(r.status).toBe('mismatch');
    expect(r.knownKeys).toEqual([
      { type: 'ssh-ed25519', fingerprint: fingerprintSha256(otherEd.blob), file, line: 3 },
    ]);
  });

  it('treats a key of another type as a mismatch like ssh 9, or as unknown when asked to', () => {
    const rsaOnly = knownHosts(`[127.0.0.1]:2222 ${hostRsa.typeAndKey}`);
    const r = check([rsaOnly]);
    expect(r.status).toBe('mismatch');
    expect(r.knownKeys.map((k) => k.type)).toEqual(['ssh-rsa']);
    const lenient = check([rsaOnly], { otherKeyTypes: 'not-found' });
    expect(lenient.status).toBe('not-found');
    expect(lenient.knownKeys.map((k) => k.type)).toEqual(['ssh-rsa']);
    // Another key of the SAME type known too: a mismatch either way, same-type keys listed first.
    const both = knownHosts(
      `[127.0.0.1]:2222 ${hostRsa.typeAndKey}`,
      `[127.0.0.1]:2222 ${otherEd.typeAndKey}`,
    );
    const m = check([both], { otherKeyTypes: 'not-found' });
    expect(m.status).toBe('mismatch');
    expect(m.knownKeys.map((k) => k.type)).toEqual(['ssh-ed25519', 'ssh-rsa']);
    // A host known by several types matches on whichever it presents.
    const multi = knownHosts(
      `[127.0.0.1]:2222 ${hostRsa.typeAndKey}`,
      `[127.0.0.1]:2222 ${hostEd.typeAndKey}`,
    );
    expect(check([multi]).status).toBe('match');
    expect(check([multi], { key: hostRsa.blob, keyType: 'rsa-sha2-512' }).status).toBe('match');
  });

  it('lets @revoked win over a matching line, in any file, and ignores @cert-authority', () => {
    const user = knownHosts(`[127.0.0.1]:2222 ${hostEd.typeAndKey}`);
    const app = knownHosts(`@revoked * ${hostEd.typeAndKey}`);
    const r = check([user, app]);
    expect(r.status).toBe('revoked');
    expect(r.knownKeys).toEqual([expect.objectContaining({ file: app, line: 1 })]);
    expect(check([app], { key: hostRsa.blob }).status).toBe('not-found');
    const ca = knownHosts(`@cert-authority * ${hostEd.typeAndKey}`);
    expect(check([ca]).status).toBe('not-found');
  });

  it('skips comments, blank and malformed lines without losing line numbers', () => {
    const b64 = hostEd.typeAndKey.split(' ')[1] ?? '';
    const file = path.join(tmp.dir, 'malformed');
    writeFileSync(
      file,
      [
        '# comment',
        '   ',
        '[127.0.0.1]:2222',
        '[127.0.0.1]:2222 ssh-ed25519',
        '[127.0.0.1]:2222 ssh-ed25519 !!!not-base64',
        `[127.0.0.1]:2222 ssh-rsa ${b64}`,
        `@bogus [127.0.0.1]:2222 ${otherEd.typeAndKey}`,
        `|1|c2hvcnQ=|c2hvcnQ= ${otherEd.typeAndKey}`,
        `|2|x|y ${otherEd.typeAndKey}`,
        `${'x'.repeat(100_000)} ${otherEd.typeAndKey}`,
        `\t[127.0.0.1]:2222   ${hostEd.typeAndKey}   trailing comment\r`,
      ].join('\r\n'),
    );
    const r = check([file]);
    expect(r.status).toBe('match');
    expect(r.knownKeys[0]?.line).toBe(11);
  });

  it('treats missing and unreadable files as empty', () => {
    const dir = path.join(tmp.dir, 'a-directory');
    mkdirSync(dir);
    expect(check([path.join(tmp.dir, 'nope'), dir]).status).toBe('not-found');
  });

  it('refuses a keyType that disagrees with the key', () => {
    expect(() => check([], { keyType: 'ssh-rsa' })).toThrow(/does not match the key/);
  });
});

describe('hostKeyAlgorithmsFor', () => {
  it('offers the key types already known for the host first', () => {
    const file = knownHosts(
      `[127.0.0.1]:2222 ${hostEcdsa.typeAndKey}`,
      `kvm1 ${hostRsa.typeAndKey}`,
    );
    const at = { host: '127.0.0.1', port: 2222, files: [file] };
    expect(hostKeyAlgorithmsFor(at).slice(0, 2)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    expect(hostKeyAlgorithmsFor({ ...at, host: 'kvm1', port: 22 }).slice(0, 3)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-ed25519',
    ]);
    expect(hostKeyAlgorithmsFor({ ...at, host: 'new' })).toEqual([
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
      'rsa-sha2-512',
      'rsa-sha2-256',
    ]);
  });
});
