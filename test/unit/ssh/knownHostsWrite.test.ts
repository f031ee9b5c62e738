import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  checkKnownHosts,
  removeKnownHost,
} from '../../../src/main/ssh/knownHosts';
import { generateKey, makeTempDir, sshKeygen } from './keys';

const tmp = makeTempDir();
afterAll(tmp.cleanup);
const hostEd = generateKey(tmp.dir, 'host_ed25519', 'ed25519');
const hostRsa = generateKey(tmp.dir, 'host_rsa', 'rsa');
const otherEd = generateKey(tmp.dir, 'other_ed25519', 'ed25519');

let n = 0;
const fresh = (): string => path.join(tmp.dir, `case${++n}`, 'ssh', 'known_hosts');

/** What `ssh-keygen -F name -f file` finds (it exits 1 when nothing matches). */
function keygenFind(name: string, file: string): string {
  try {
    return execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

describe('appendKnownHost', () => {
  it('writes a line ssh-keygen -F finds, creating the directory 0700 and the file 0600', async () => {
    const file = fresh();
    expect(await appendKnownHost(file, '127.0.0.1', 2222, 'ssh-ed25519', hostEd.blob)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:2222 ${hostEd.typeAndKey}\n`);
    expect(keygenFind('[127.0.0.1]:2222', file)).toContain(hostEd.typeAndKey);
    expect(keygenFind('127.0.0.1', file)).toBe('');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('never duplicates, and adds a second key type for the same host', async () => {
    const file = fresh();
    await appendKnownHost(file, 'KVM1', 22, 'ssh-ed25519', hostEd.blob);
    expect(await appendKnownHost(file, 'kvm1', null, 'ssh-ed25519', hostEd.blob)).toBe(false);
    expect(await appendKnownHost(file, 'kvm1', 22, 'rsa-sha2-512', hostRsa.blob)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(
      `kvm1 ${hostEd.typeAndKey}\nkvm1 ${hostRsa.typeAndKey}\n`,
    );
  });

  it('hashes the name on request, in the format ssh-keygen reads', async () => {
    const file = fresh();
    await appendKnownHost(file, '127.0.0.1', 2222, 'ssh-ed25519', hostEd.blob, { hash: true });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 /);
    expect(text).not.toContain('127.0.0.1');
    expect(keygenFind('[127.0.0.1]:2222', file)).toContain('found: line 1');
    expect(await appendKnownHost(file, '127.0.0.1', 2222, 'ssh-ed25519', hostEd.blob)).toBe(false);
  });

  it('keeps what is there, adding a missing final newline, and writes through a symlink', async () => {
    const file = fresh();
    await appendKnownHost(file, 'a', 22, 'ssh-ed25519', otherEd.blob);
    writeFileSync(file, '# mine\nb ssh-ed25519 AAAA');
    const link = path.join(path.dirname(file), 'link');
    symlinkSync(file, link);
    await appendKnownHost(link, 'c', 22, 'ssh-ed25519', hostEd.blob);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`# mine\nb ssh-ed25519 AAAA\nc ${hostEd.typeAndKey}\n`);
  });

  it('loses no line when several hosts are remembered at once', async () => {
    const file = fresh();
    const hosts = Array.from({ length: 8 }, (_, i) => `kvm${i}`);
    await Promise.all(hosts.map((h) => appendKnownHost(file, h, 2222, 'ssh-ed25519', hostEd.blob)));
    for (const h of hosts) {
      expect(checkKnownHosts({ host: h, port: 2222, key: hostEd.blob, files: [file] }).status).toBe(
        'match',
      );
    }
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(8);
  });

  it('refuses a host that would corrupt the line, and a wrong key type', async () => {
    const file = fresh();
    for (const host of ['a b', 'a,b', 'a\nb', '*', '!a', '|1|x']) {
      await expect(appendKnownHost(file, host, 22, 'ssh-ed25519', hostEd.blob)).rejects.toThrow(
        /may not contain/,
      );
    }
    await expect(appendKnownHost(file, 'a', 22, 'ssh-rsa', hostEd.blob)).rejects.toThrow(
      /does not match/,
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe('removeKnownHost', () => {
  it('removes what ssh-keygen -R removes, keeps @revoked lines, and leaves FILE.old', async () => {
    const lines = [
      '# my hosts',
      `[127.0.0.1]:2222 ${otherEd.typeAndKey}`,
      `kvm1 ${hostEd.typeAndKey}`,
      `[127.0.0.1]:2222 ${hostRsa.typeAndKey}`,
      `@revoked [127.0.0.1]:2222 ${hostRsa.typeAndKey}`,
      `127.0.0.1 ${hostEd.typeAndKey}`,
      '',
    ].join('\n');
    const mine = path.join(tmp.dir, 'remove-mine');
    const theirs = path.join(tmp.dir, 'remove-theirs');
    writeFileSync(mine, lines);
    writeFileSync(theirs, lines);
    sshKeygen(['-R', '[127.0.0.1]:2222', '-f', theirs]);
    expect(await removeKnownHost(mine, '127.0.0.1', 2222)).toBe(2);
    expect(readFileSync(mine, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
    expect(readFileSync(`${mine}.old`, 'utf8')).toBe(lines);
  });

  it('removes hashed entries, and writes nothing when nothing matches', async () => {
    const file = fresh();
    await appendKnownHost(file, '127.0.0.1', 2222, 'ssh-ed25519', hostEd.blob, { hash: true });
    expect(await removeKnownHost(file, 'other', 22)).toBe(0);
    expect(existsSync(`${file}.old`)).toBe(false);
    expect(await removeKnownHost(file, '127.0.0.1', 2222)).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(await removeKnownHost(path.join(tmp.dir, 'missing'), 'a', 22)).toBe(0);
  });
});
