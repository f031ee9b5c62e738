// A REAL re-key of the testbed's sshd: the driver first meets the host and remembers its ed25519
// key in virtdesk's own known_hosts; then the host gets a new ed25519 key (sshd restarted with it,
// from the testbed's own config and PID file) and the next connection must be refused with
// HOST_KEY_MISMATCH naming both fingerprints and the fix, without asking the user and without
// writing anything. The original keys are put back and sshd restarted in afterAll, even after a
// failure; a backup left behind by a run that died is restored before anything else.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSsh } from '../../../src/main/drivers/libvirt-ssh/connection';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { resolveTarget } from '../../../src/main/drivers/libvirt-ssh/target';
import type { Host } from '../../../src/shared/model';
import type { TestbedInfo } from '../../support/testbed';
import { makeSshHome, requireTestbed, scriptedPrompter, waitUntil } from '../../support/testbed';

const run = promisify(execFile);
const KEY_FILES = ['ssh_host_ed25519_key', 'ssh_host_ed25519_key.pub'];

let tb: TestbedInfo;
let sshDir: string;
let backupDir: string;
let home: ReturnType<typeof makeSshHome>;
const drivers: LibvirtSshDriver[] = [];

const fingerprintOf = async (pubFile: string) =>
  (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile])).stdout.split(' ')[1]!;

function sshdPid(): number | null {
  try {
    const pid = Number(readFileSync(tb.pidFiles.sshd, 'utf8').trim());
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '') === '/usr/sbin/sshd'
      ? pid
      : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const listening = () =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: tb.ssh.host, port: tb.ssh.port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/**
 * Restarts the testbed's listening sshd the way scripts/testbed/up.sh starts it (its config, its
 * PID file, its log). Only the listener is stopped, by its PID file: sessions of other clients
 * keep running.
 */
async function restartSshd(): Promise<void> {
  const pid = sshdPid();
  if (pid !== null) {
    process.kill(pid, 'SIGTERM');
    await waitUntil(() => !alive(pid), 10_000, `sshd ${pid} to exit`);
  }
  await waitUntil(async () => !(await listening()), 5_000, 'port 2222 to be free');
  const conf = join(tb.dir, 'etc', 'sshd_config');
  await run('/usr/sbin/sshd', ['-f', conf, '-E', join(tb.dir, 'log', 'sshd.log')]);
  await waitUntil(() => listening(), 15_000, 'sshd to listen again');
  await waitUntil(() => sshdPid() !== null, 5_000, 'the sshd PID file');
}

/** The ed25519 key the listening sshd presents, as `SHA256:…`. */
async function servedFingerprint(): Promise<string> {
  const { stdout } = await run('ssh-keyscan', [
    '-p',
    String(tb.ssh.port),
    '-t',
    'ed25519',
    tb.ssh.host,
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'vd-keyscan-'));
  try {
    const file = join(dir, 'scan.pub');
    writeFileSync(file, stdout);
    return await fingerprintOf(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Puts the backed-up original host keys back (mode 0600 for the private key, as sshd needs). */
function restoreKeys(): boolean {
  if (!existsSync(join(backupDir, KEY_FILES[0]!))) return false;
  for (const f of KEY_FILES) {
    copyFileSync(join(backupDir, f), join(sshDir, f));
    chmodSync(join(sshDir, f), f.endsWith('.pub') ? 0o644 : 0o600);
  }
  rmSync(backupDir, { recursive: true, force: true });
  return true;
}

function connect(prompter: ReturnType<typeof scriptedPrompter>['prompter']) {
  const driver = new LibvirtSshDriver({
    hostId: 'tb',
    name: 'testbed',
    uri: tb.libvirt.sshUri,
    prompter,
    appKnownHostsFile: home.appKnownHosts,
    home: home.home,
    localUser: 'nobody',
    sshAuthSock: null,
  });
  drivers.push(driver);
  const states: Host[] = [];
  return new Promise<{ driver: LibvirtSshDriver; host: Host; states: Host[] }>((resolve) => {
    driver.onEvent((e) => {
      if (e.type !== 'host-changed') return;
      states.push(e.host);
      if (e.host.connection !== 'connecting') resolve({ driver, host: e.host, states });
    });
    driver.connect();
  });
}

beforeAll(async () => {
  tb = requireTestbed();
  sshDir = join(tb.dir, 'ssh');
  // Inside the testbed, so a run that died mid-test is repaired by the next one.
  backupDir = join(tb.dir, 'run', 'rekey-backup');
  if (restoreKeys()) await restartSshd();
  expect(await fingerprintOf(join(sshDir, KEY_FILES[1]!))).toBe(tb.ssh.hostKeys.ed25519);
  home = makeSshHome(tb, { keys: ['key'], knownHosts: [] });
});

afterAll(async () => {
  for (const d of drivers) await d.close();
  home?.cleanup();
  if (!tb) return;
  if (restoreKeys()) {
    // The testbed's own script brings sshd back if a plain restart did not.
    await restartSshd().catch(() => run('bash', ['scripts/testbed/up.sh'], { timeout: 120_000 }));
  }
  expect(await servedFingerprint()).toBe(tb.ssh.hostKeys.ed25519);
  const status = await run('bash', ['scripts/testbed/status.sh']).catch(
    (e: { stdout?: string; stderr?: string }) => {
      throw new Error(`the testbed is not up after the re-key:\n${e.stdout}${e.stderr}`);
    },
  );
  expect(status.stdout).toContain('testbed is up');
});

describe('libvirt-ssh: the host is re-keyed', () => {
  it('refuses the new key without asking, naming both fingerprints and the fix', async () => {
    // 1. First meeting: the key is remembered in virtdesk's own known_hosts.
    const first = scriptedPrompter({ hostKey: ['remember'] });
    const a = await connect(first.prompter);
    expect(a.host.connection).toBe('connected');
    expect(first.log.hostKey).toEqual([
      expect.objectContaining({ keyType: 'ssh-ed25519', fingerprint: tb.ssh.hostKeys.ed25519 }),
    ]);
    await a.driver.close();
    const appKnown = readFileSync(home.appKnownHosts, 'utf8');
    const userKnown = readFileSync(join(home.sshDir, 'known_hosts'), 'utf8');
    expect(appKnown).toContain(tb.ssh.knownHostsLine.split(' ').slice(1).join(' '));

    // 2. The host gets a new ed25519 key.
    mkdirSync(backupDir, { recursive: true });
    for (const f of KEY_FILES) copyFileSync(join(sshDir, f), join(backupDir, f));
    const gen = mkdtempSync(join(tmpdir(), 'vd-rekey-'));
    try {
      const fresh = join(gen, 'key');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rekeyed', '-f', fresh]);
      copyFileSync(fresh, join(sshDir, KEY_FILES[0]!));
      copyFileSync(`${fresh}.pub`, join(sshDir, KEY_FILES[1]!));
      chmodSync(join(sshDir, KEY_FILES[0]!), 0o600);
    } finally {
      rmSync(gen, { recursive: true, force: true });
    }
    const newFp = await fingerprintOf(join(sshDir, KEY_FILES[1]!));
    expect(newFp).not.toBe(tb.ssh.hostKeys.ed25519);
    await restartSshd();
    expect(await servedFingerprint()).toBe(newFp);

    // 3. Connecting again: refused, final (no retry), nothing asked, nothing written.
    const second = scriptedPrompter({ hostKey: ['remember', 'remember'] });
    const b = await connect(second.prompter);
    console.log(`refused:\n${b.host.connectionError}`);
    expect(b.host.connection).toBe('disconnected');
    const message = b.host.connectionError ?? '';
    expect(message).toContain('has CHANGED; the connection was refused');
    expect(message).toContain(`ssh-ed25519 ${newFp}`);
    expect(message).toContain(`ssh-ed25519 ${tb.ssh.hostKeys.ed25519} (${home.appKnownHosts}:1)`);
    expect(message).toContain(`ssh-keygen -R "[${tb.ssh.host}]:${tb.ssh.port}"`);
    expect(message).toContain(`-f "${home.appKnownHosts}"`);
    expect(second.log.hostKey).toEqual([]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(b.states.map((s) => s.connection)).toEqual(['connecting', 'disconnected']);

    // The same attempt below the driver: the error's code is HOST_KEY_MISMATCH.
    const target = resolveTarget(tb.libvirt.sshUri, { home: home.home, localUser: 'nobody' });
    await expect(
      connectSsh({
        target,
        prompter: second.prompter,
        appKnownHostsFile: home.appKnownHosts,
        sshAuthSock: null,
        home: home.home,
      }),
    ).rejects.toMatchObject({ code: 'HOST_KEY_MISMATCH' });
    expect(second.log.hostKey).toEqual([]);
    expect(readFileSync(home.appKnownHosts, 'utf8')).toBe(appKnown);
    expect(readFileSync(join(home.sshDir, 'known_hosts'), 'utf8')).toBe(userKnown);
  });
});
