// The testbed itself (scripts/testbed, `npm run testbed:up`), checked through real components:
// sshd with strict host key checking, libvirtd over ssh, the pool, the tiny guest's serial console,
// and the second libvirt daemon. Fails, never skips, when the testbed is down.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AnyAuthMethod, KeyboardInteractiveAuthMethod } from 'ssh2';
import { Client } from 'ssh2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestbedInfo } from '../support/testbed';
import { openConsole, requireTestbed, sshArgs } from '../support/testbed';

const exec = promisify(execFile);
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };

async function run(cmd: string, args: string[], timeout = 30_000): Promise<string> {
  const { stdout } = await exec(cmd, args, { env, timeout });
  return stdout;
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Logs in with ssh2 using exactly one auth method, checks the ed25519 host key, runs `id -un`. */
function loginWith(tb: TestbedInfo, auth: AnyAuthMethod): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    let tried = false;
    c.on('ready', () => {
      c.exec('id -un', (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.on('close', () => {
          c.end();
          resolve(out.trim());
        });
      });
    });
    c.on('error', reject);
    c.connect({
      host: tb.ssh.host,
      port: tb.ssh.port,
      username: tb.ssh.user,
      readyTimeout: 20_000,
      algorithms: { serverHostKey: ['ssh-ed25519'] },
      hostVerifier: (key: Buffer) => fingerprint(key) === tb.ssh.hostKeys.ed25519,
      authHandler: (_left, _partial, next) => {
        // false: no more methods (ssh2 README; missing from its types)
        if (tried) return next(false as unknown as AnyAuthMethod);
        tried = true;
        next(auth);
      },
    });
  });
}

describe('testbed', () => {
  let tb: TestbedInfo;
  let tmp: string;
  let knownHosts: string;
  const virsh = (...args: string[]): Promise<string> =>
    run('virsh', ['-q', '-c', tb.libvirt.system, ...args]);
  const ssh = (...cmd: string[]): Promise<string> =>
    run('ssh', [...sshArgs(tb, knownHosts), ...cmd]);
  const destroyGuest = async (): Promise<void> => {
    const state = (await virsh('domstate', tb.guest.name)).trim();
    if (state !== 'shut off') await virsh('destroy', tb.guest.name);
  };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'vd-testbed-test-'));
    knownHosts = join(tmp, 'known_hosts');
  });

  // per test, so a missing testbed fails every test with the same clear message (no skips)
  beforeEach(() => {
    tb = requireTestbed();
    writeFileSync(knownHosts, `${tb.ssh.knownHostsLine}\n`);
  });

  afterAll(async () => {
    if (tb) await destroyGuest().catch(() => {});
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lets vdtest in by key with strict host key checking, and virsh over ssh lists the guest', async () => {
    const out = await ssh('virsh', '-c', 'qemu:///system', 'list', '--all');
    expect(out).toMatch(
      new RegExp(`\\s${tb.guest.name}\\s+shut off|\\s${tb.guest.name}\\s+running`),
    );
    expect((await ssh('id', '-un')).trim()).toBe(tb.ssh.user);
    expect((await ssh('id', '-nG')).split(/\s+/)).toContain('libvirt');
  });

  it('rejects the connection when the host key is not the recorded one', async () => {
    const wrong = join(tmp, 'wrong_known_hosts');
    const other = readFileSync(`${tb.ssh.key}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(wrong, `[${tb.ssh.host}]:${tb.ssh.port} ${other}\n`);
    await expect(run('ssh', [...sshArgs(tb, wrong), 'true'])).rejects.toThrow(
      /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/,
    );
  });

  it('serves the host keys whose fingerprints testbed.json records', async () => {
    const scan = await run('ssh-keyscan', [
      '-p',
      String(tb.ssh.port),
      '-t',
      'ed25519,rsa',
      tb.ssh.host,
    ]);
    const prints: Record<string, string> = {};
    for (const line of scan.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const [, type, b64] = line.split(' ');
      prints[type!] = fingerprint(Buffer.from(b64!, 'base64'));
    }
    expect(prints['ssh-ed25519']).toBe(tb.ssh.hostKeys.ed25519);
    expect(prints['ssh-rsa']).toBe(tb.ssh.hostKeys.rsa);
    expect(tb.ssh.knownHostsLine).toBe(
      `[${tb.ssh.host}]:${tb.ssh.port} ${scan
        .split('\n')
        .find((l) => l.includes(' ssh-ed25519 '))!
        .split(' ')
        .slice(1)
        .join(' ')}`,
    );
  });

  it('accepts password, keyboard-interactive and the passphrase-protected key', async () => {
    const { user, password, passphrase } = tb.ssh;
    expect(await loginWith(tb, { type: 'password', username: user, password })).toBe(user);
    const prompts: string[] = [];
    const kbd: KeyboardInteractiveAuthMethod = {
      type: 'keyboard-interactive',
      username: user,
      prompt: (_name, _instructions, _lang, ps, finish) => {
        prompts.push(...ps.map((p) => p.prompt));
        finish(ps.map(() => password));
      },
    };
    expect(await loginWith(tb, kbd)).toBe(user);
    expect(prompts.join(' ')).toMatch(/password/i);
    const key = readFileSync(tb.ssh.keyWithPassphrase);
    expect(await loginWith(tb, { type: 'publickey', username: user, key, passphrase })).toBe(user);
    await expect(
      loginWith(tb, { type: 'password', username: user, password: 'wrong' }),
    ).rejects.toThrow(/authentication/i);
  });

  it('has the dir pool active at its path', async () => {
    const info = await virsh('pool-info', tb.pool.name);
    expect(info).toMatch(/^State:\s+running$/m);
    expect(info).toMatch(/^Autostart:\s+yes$/m);
    expect(await virsh('pool-dumpxml', tb.pool.name)).toContain(`<path>${tb.pool.path}</path>`);
  });

  it('boots the guest to a shell prompt on its serial console, locally and over ssh -tt', async () => {
    await destroyGuest();
    await virsh('start', tb.guest.name);
    const t0 = Date.now();
    const local = openConsole(['virsh', '-c', tb.libvirt.system, 'console', tb.guest.name]);
    try {
      await local.waitFor(/\/ # /, 30_000, { poke: '\r' });
      const bootMs = Date.now() - t0;
      const from = local.output().length;
      local.send('echo vd-$((6*7))\r');
      await local.waitFor(/^vd-42$/m, 5_000, { from });
      console.log(`vd-tiny: shell prompt ${bootMs} ms after virsh start`);
    } finally {
      await local.close();
    }
    const remote = openConsole(
      [
        'ssh',
        ...sshArgs(tb, knownHosts, ['-tt']),
        'virsh',
        '-c',
        'qemu:///system',
        'console',
        tb.guest.name,
      ],
      { pty: 'none' },
    );
    try {
      await remote.waitFor(/\/ # /, 15_000, { poke: '\r' });
      const from = remote.output().length;
      remote.send('uname -r; echo over-$((40+2))\r');
      await remote.waitFor(/^over-42$/m, 5_000, { from });
      expect(remote.output().slice(from)).toMatch(/^6\.1\.0-\d+-amd64$/m);
    } finally {
      await remote.close();
    }
    expect((await virsh('domstate', tb.guest.name)).trim()).toBe('running');
    await virsh('destroy', tb.guest.name);
    expect((await virsh('domstate', tb.guest.name)).trim()).toBe('shut off');
  }, 90_000);

  it('has a second libvirt daemon (vdtest session) with its own host uuid', async () => {
    const ses = (...args: string[]): Promise<string> =>
      run('virsh', ['-q', '-c', tb.libvirt.session, ...args]);
    expect((await ses('uri')).trim()).toBe(tb.libvirt.session);
    const uuid = (caps: string): string | undefined => /<uuid>([^<]+)<\/uuid>/.exec(caps)?.[1];
    expect(uuid(await ses('capabilities'))).toBe(tb.libvirt.sessionHostUuid);
    // vdtest logged in over ssh reaches the same daemon as plain qemu:///session
    const remote = await ssh(
      'LIBVIRT_AUTOSTART=0',
      'virsh',
      '-c',
      'qemu:///session',
      'capabilities',
    );
    expect(uuid(remote)).toBe(tb.libvirt.sessionHostUuid);
    expect(uuid(await virsh('capabilities'))).toBe(tb.libvirt.systemHostUuid);
    expect(tb.libvirt.sessionHostUuid).not.toBe(tb.libvirt.systemHostUuid);
  });

  it('answers virsh on the qemu+ssh URI', async () => {
    const names = await run('virsh', [
      '-q',
      '-c',
      tb.libvirt.sshUriWithCommand,
      'list',
      '--all',
      '--name',
    ]);
    expect(names.split('\n')).toContain(tb.guest.name);
  });
});
