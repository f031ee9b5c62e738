// The libvirt-ssh driver logging in to the real testbed sshd: every auth method in OpenSSH's
// order (agent, key, passphrase key, password), and the host-key policy (unknown → ask, remember;
// changed → refuse without asking). Fails, never skips, when the testbed is down.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../src/shared/model';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import type { TestbedInfo } from '../../support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter, waitUntil } from '../../support/testbed';

let tb: TestbedInfo;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(() => {
  tb = requireTestbed();
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Connects a driver and resolves with the host once it is connected or finally disconnected. */
function connect(opts: {
  home: string;
  appKnownHosts: string;
  prompter: ReturnType<typeof scriptedPrompter>['prompter'];
  uri?: string;
  agent?: string | null;
}): Promise<{ driver: LibvirtSshDriver; host: Host; states: Host[] }> {
  const driver = new LibvirtSshDriver({
    hostId: 'tb',
    name: 'testbed',
    uri: opts.uri ?? tb.libvirt.sshUri,
    prompter: opts.prompter,
    appKnownHostsFile: opts.appKnownHosts,
    home: opts.home,
    localUser: 'nobody',
    sshAuthSock: opts.agent ?? null,
  });
  cleanups.push(() => driver.close());
  const states: Host[] = [];
  return new Promise((resolve) => {
    driver.onEvent((e) => {
      if (e.type !== 'host-changed') return;
      states.push(e.host);
      if (e.host.connection !== 'connecting') resolve({ driver, host: e.host, states });
    });
    driver.connect();
  });
}

function home(opts: Parameters<typeof makeSshHome>[1] = {}) {
  const h = makeSshHome(tb, opts);
  cleanups.push(h.cleanup);
  return h;
}

describe('libvirt-ssh: authentication', () => {
  it('logs in with a key from ~/.ssh and lists vd-tiny', async () => {
    const h = home({ keys: ['key'] });
    const { prompter, log } = scriptedPrompter({});
    const t0 = Date.now();
    const { driver, host } = await connect({ ...h, prompter });
    expect(host.connectionError).toBeUndefined();
    expect(host.connection).toBe('connected');
    console.log(`connect + full inventory: ${Date.now() - t0} ms`);
    expect(log).toEqual({ hostKey: [], secret: [] });
    expect(host.hypervisor).toMatch(/^QEMU/);
    expect(host.hardware?.numaNodes.length).toBeGreaterThan(0);
    const vms = await driver.vmList();
    expect(vms.find((v) => v.name === tb.guest.name)).toMatchObject({
      hostId: 'tb',
      memoryKiB: 262144,
      persistent: true,
      disks: [{ target: 'vda', source: tb.guest.disk, capacityBytes: 64 * 1024 * 1024 }],
    });
  });

  it('asks for the passphrase of an encrypted key, again after a wrong one', async () => {
    const h = home();
    const { prompter, log } = scriptedPrompter({ secrets: [['wrong'], [tb.ssh.passphrase]] });
    const uri = `${tb.libvirt.sshUri}?keyfile=${tb.ssh.keyWithPassphrase}`;
    const { host } = await connect({ ...h, prompter, uri });
    expect(host.connection).toBe('connected');
    expect(log.secret).toEqual([
      {
        reason: 'passphrase',
        title: `Passphrase for ${tb.ssh.keyWithPassphrase}`,
        instructions: '',
        fields: [{ label: 'Passphrase', echo: false }],
      },
      expect.objectContaining({
        reason: 'passphrase',
        instructions: 'Wrong passphrase; try again.',
      }),
    ]);
  });

  it('falls back to a password typed by the user', async () => {
    const h = home();
    const { prompter, log } = scriptedPrompter({ secrets: [[tb.ssh.password]] });
    const { host } = await connect({ ...h, prompter });
    expect(host.connection).toBe('connected');
    expect(log.secret).toEqual([
      {
        reason: 'password',
        title: `Password for ${tb.ssh.user}@${tb.ssh.host}:${tb.ssh.port}`,
        instructions: '',
        fields: [{ label: 'Password', echo: false }],
      },
    ]);
  });

  it('reports AUTH_FAILED with what was tried, and does not retry by itself', async () => {
    const h = home();
    const { prompter } = scriptedPrompter({ secrets: [['not-the-password'], null] });
    const { driver, host, states } = await connect({ ...h, prompter });
    expect(host.connection).toBe('disconnected');
    expect(host.connectionError).toBe(
      `Authentication cancelled for ${tb.ssh.user}@${tb.ssh.host}:${tb.ssh.port} (tried: password)`,
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(states.map((s) => s.connection)).toEqual(['connecting', 'disconnected']);
    await expect(driver.vmList()).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('uses ssh-agent first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vd-agent-'));
    const sock = join(dir, 'agent.sock');
    // -D: in the foreground, so this test owns the process and ends it by its PID.
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    cleanups.push(() => {
      if (agent.pid !== undefined) process.kill(agent.pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });
    await waitUntil(() => existsSync(sock), 5000, 'the agent socket');
    execFileSync('ssh-add', [tb.ssh.key], {
      env: { ...process.env, SSH_AUTH_SOCK: sock },
      stdio: 'ignore',
    });
    const h = home(); // no key files: only the agent can log in
    const { prompter, log } = scriptedPrompter({});
    const { host } = await connect({ ...h, prompter, agent: sock });
    expect(host.connection).toBe('connected');
    expect(log.secret).toEqual([]);
  });
});

describe('libvirt-ssh: ProxyJump', () => {
  it('reaches the host through a jump host from ~/.ssh/config (the testbed jumping to itself)', async () => {
    const h = home({ keys: ['key'] });
    writeFileSync(
      join(h.sshDir, 'config'),
      [
        'Host tb-behind-jump',
        '  HostName 127.0.0.1',
        `  Port ${tb.ssh.port}`,
        `  User ${tb.ssh.user}`,
        `  ProxyJump ${tb.ssh.user}@${tb.ssh.host}:${tb.ssh.port}`,
        '',
      ].join('\n'),
    );
    const { prompter, log } = scriptedPrompter({});
    const { driver, host } = await connect({
      ...h,
      prompter,
      uri: 'qemu+ssh://tb-behind-jump/system',
    });
    expect(host.connectionError).toBeUndefined();
    expect(log.hostKey).toEqual([]);
    expect((await driver.vmList()).some((v) => v.name === tb.guest.name)).toBe(true);
  });
});

describe('libvirt-ssh: ProxyCommand and jump chains', () => {
  /** `ssh -W` through the testbed's sshd, the classic ProxyCommand, with this test's key. */
  const sshW = (h: { sshDir: string }, target: string): string =>
    [
      'ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=yes',
      `-o UserKnownHostsFile=${join(h.sshDir, 'known_hosts')}`,
      `-i ${join(h.sshDir, basename(tb.ssh.key))} -p ${tb.ssh.port}`,
      `${tb.ssh.user}@${tb.ssh.host} -W ${target}`,
    ].join(' ');

  it('reaches the host through a ProxyCommand (ssh -W %h:%p) run by the shell', async () => {
    const h = home({ keys: ['key'] });
    writeFileSync(
      join(h.sshDir, 'config'),
      [
        'Host tb-proxied',
        '  HostName 127.0.0.1',
        `  Port ${tb.ssh.port}`,
        `  User ${tb.ssh.user}`,
        `  ProxyCommand ${sshW(h, '%h:%p')}`,
        '',
      ].join('\n'),
    );
    const { prompter, log } = scriptedPrompter({});
    const { driver, host } = await connect({ ...h, prompter, uri: 'qemu+ssh://tb-proxied/system' });
    expect(host.connectionError).toBeUndefined();
    expect(log.hostKey).toEqual([]);
    expect((await driver.vmList()).some((v) => v.name === tb.guest.name)).toBe(true);
  });

  it('says what a failing ProxyCommand printed', async () => {
    const h = home({ keys: ['key'] });
    writeFileSync(
      join(h.sshDir, 'config'),
      // OpenSSH runs `exec COMMAND`, so the exit status is the command's own (sh's here).
      'Host tb-broken\n  ProxyCommand sh -c \'echo "proxy says no: %h" >&2; exit 3\'\n',
    );
    const { prompter } = scriptedPrompter({});
    const { host } = await connect({ ...h, prompter, uri: 'qemu+ssh://tb-broken/system' });
    expect(host.connection).toBe('disconnected');
    expect(host.connectionError).toMatch(
      /ProxyCommand exited with code 3: proxy says no: tb-broken/,
    );
  });

  it('goes through a chain of two jump hosts, the first reached by its own ProxyJump', async () => {
    const h = home({ keys: ['key'] });
    const tbHop = (name: string, extra: string[] = []) => [
      `Host ${name}`,
      '  HostName 127.0.0.1',
      `  Port ${tb.ssh.port}`,
      `  User ${tb.ssh.user}`,
      ...extra,
    ];
    writeFileSync(
      join(h.sshDir, 'config'),
      [
        ...tbHop('tb-far', ['  ProxyJump tb-second']),
        ...tbHop('tb-second', ['  ProxyJump tb-first']),
        ...tbHop('tb-first'),
        '',
      ].join('\n'),
    );
    const { prompter, log } = scriptedPrompter({});
    const { driver, host } = await connect({ ...h, prompter, uri: 'qemu+ssh://tb-far/system' });
    expect(host.connectionError).toBeUndefined();
    expect(log.hostKey).toEqual([]);
    expect((await driver.vmList()).some((v) => v.name === tb.guest.name)).toBe(true);
  });
});

describe('libvirt-ssh: host keys', () => {
  it('asks about an unknown key with its SHA256 fingerprint; cancel refuses it', async () => {
    const h = home({ keys: ['key'], knownHosts: [] });
    const { prompter, log } = scriptedPrompter({ hostKey: ['cancel'] });
    const { host } = await connect({ ...h, prompter });
    expect(log.hostKey).toEqual([
      {
        host: tb.ssh.host,
        port: tb.ssh.port,
        keyType: 'ssh-ed25519',
        fingerprint: tb.ssh.hostKeys.ed25519,
      },
    ]);
    expect(host.connection).toBe('disconnected');
    expect(host.connectionError).toMatch(/Host key for \[127\.0\.0\.1\]:2222 was not accepted/);
  });

  it('remembers an accepted key in the app known_hosts and does not ask again', async () => {
    const h = home({ keys: ['key'], knownHosts: [] });
    const first = scriptedPrompter({ hostKey: ['remember'] });
    const a = await connect({ ...h, prompter: first.prompter });
    expect(a.host.connection).toBe('connected');
    const saved = readFileSync(h.appKnownHosts, 'utf8');
    expect(saved).toContain(tb.ssh.knownHostsLine.split(' ').slice(1).join(' '));
    await a.driver.close();
    const second = scriptedPrompter({});
    const b = await connect({ ...h, prompter: second.prompter });
    expect(b.host.connection).toBe('connected');
    expect(second.log.hostKey).toEqual([]);
  });

  it('refuses a changed key without asking, naming both fingerprints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vd-otherkey-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    const pub = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    const oldFp = execFileSync('ssh-keygen', ['-lf', join(dir, 'k.pub')])
      .toString()
      .split(' ')[1];
    const h = home({ keys: ['key'], knownHosts: [`[127.0.0.1]:2222 ${pub}`] });
    const { prompter, log } = scriptedPrompter({ hostKey: ['once'] });
    const { host, states } = await connect({ ...h, prompter });
    expect(log.hostKey).toEqual([]);
    expect(host.connection).toBe('disconnected');
    expect(host.connectionError).toContain('CHANGED');
    expect(host.connectionError).toContain(tb.ssh.hostKeys.ed25519);
    expect(host.connectionError).toContain(oldFp);
    await new Promise((r) => setTimeout(r, 1500));
    expect(states.map((s) => s.connection)).toEqual(['connecting', 'disconnected']);
  });
});

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
