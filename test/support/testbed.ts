// The real libvirt host that `npm run testbed:up` (scripts/testbed/up.sh) brings up on loopback:
// libvirtd (qemu:///system), a second daemon (vdtest's qemu:///session), sshd on 127.0.0.1:2222,
// the tiny guest vd-tiny and the pool vd-pool. Integration tests call requireTestbed() first.
// A missing or stopped testbed is an error, never a skip: CI sets VIRTDESK_REQUIRE_TESTBED=1 and
// brings the testbed up; locally, a test that needs it fails and says how to start it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const DEFAULT_TESTBED_DIR = '/tmp/virtdesk-testbed';

export interface TestbedInfo {
  version: number;
  dir: string;
  ssh: {
    host: string;
    port: number;
    user: string;
    password: string;
    /** ed25519 private key without a passphrase */
    key: string;
    /** ed25519 private key protected by `passphrase` */
    keyWithPassphrase: string;
    passphrase: string;
    /** OpenSSH-style fingerprints, `SHA256:…` */
    hostKeys: { ed25519: string; rsa: string };
    /** `[127.0.0.1]:2222 ssh-ed25519 AAAA…` */
    knownHostsLine: string;
    /** ed25519 and rsa lines */
    knownHostsFile: string;
    /** ssh_config with host alias `testbed` (key, port, known_hosts, BatchMode) */
    configFile: string;
    /** `ssh -F configFile` wrapper, for `qemu+ssh://…?command=` */
    command: string;
  };
  libvirt: {
    system: string;
    /** the second host: vdtest's session daemon, reached over its unix socket */
    session: string;
    sshUri: string;
    /** sshUri with `?command=` so root's virsh uses the testbed key and known_hosts */
    sshUriWithCommand: string;
    systemHostUuid: string;
    sessionHostUuid: string;
  };
  guest: { name: string; disk: string; kernel: string; initrd: string; xml: string };
  pool: { name: string; path: string };
  pidFiles: { virtlogd: string; libvirtd: string; sshd: string; sessionLibvirtd: string };
}

export function testbedDir(): string {
  return process.env.VIRTDESK_TESTBED_DIR || DEFAULT_TESTBED_DIR;
}

function notUp(why: string): Error {
  return new Error(
    `testbed is not up: run npm run testbed:up (as root; npm run testbed:status shows what is down). ${why}`,
  );
}

/** The name of the live process in PIDFILE, or why there is none. */
function processIn(pidFile: string): { comm: string } | { error: string } {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return { error: `${pidFile} is missing` };
  }
  try {
    return { comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() };
  } catch {
    return { error: `process ${pid} from ${pidFile} is gone` };
  }
}

/**
 * Reads testbed.json and checks, cheaply, that the daemons it names still run. Throws
 * "testbed is not up: run npm run testbed:up …" when anything is missing.
 */
export function requireTestbed(): TestbedInfo {
  const file = join(testbedDir(), 'testbed.json');
  if (!existsSync(file)) throw notUp(`${file} does not exist.`);
  let info: TestbedInfo;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as TestbedInfo;
  } catch (e) {
    throw notUp(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const expected: Record<keyof TestbedInfo['pidFiles'], string> = {
    virtlogd: 'virtlogd',
    libvirtd: 'libvirtd',
    sshd: 'sshd',
    sessionLibvirtd: 'libvirtd',
  };
  for (const [name, comm] of Object.entries(expected)) {
    const pidFile = info.pidFiles?.[name as keyof TestbedInfo['pidFiles']];
    if (!pidFile) throw notUp(`${file} names no PID file for ${name}.`);
    const p = processIn(pidFile);
    if ('error' in p) throw notUp(`${name}: ${p.error}.`);
    if (p.comm !== comm) throw notUp(`${name}: the process in ${pidFile} is ${p.comm}.`);
  }
  return info;
}

/** ssh arguments (before the remote command) for vdtest with the plain key and KNOWN_HOSTS. */
export function sshArgs(info: TestbedInfo, knownHosts: string, extra: string[] = []): string[] {
  return [
    '-p',
    String(info.ssh.port),
    '-i',
    info.ssh.key,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'LogLevel=ERROR',
    ...extra,
    `${info.ssh.user}@${info.ssh.host}`,
  ];
}

export interface ConsoleSession {
  /** everything read so far, with `\r` removed */
  output(): string;
  send(data: string): void;
  /** resolves when `re` matches the output read after `from` (an offset into output()) */
  waitFor(re: RegExp, timeoutMs: number, opts?: { from?: number; poke?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Runs COMMAND (e.g. `virsh console` locally, or `ssh -tt … virsh console` remotely) with a pty
 * where it needs one and lets a test talk to it. `pty: 'script'` wraps it in util-linux
 * `script`, which gives it a pseudo-terminal; `pty: 'none'` runs it as is (ssh -tt makes its own).
 */
export function openConsole(
  command: string[],
  opts: { pty: 'script' | 'none' } = { pty: 'script' },
): ConsoleSession {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const child: ChildProcessWithoutNullStreams =
    opts.pty === 'script'
      ? spawn('script', ['-qfec', command.map(quote).join(' '), '/dev/null'])
      : spawn(command[0]!, command.slice(1));
  let out = '';
  let exited = false;
  const onData = (c: Buffer): void => {
    out += c.toString('utf8').replace(/\r/g, '');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.stdin.on('error', () => {});
  child.on('exit', () => (exited = true));
  return {
    output: () => out,
    send: (data) => {
      if (!exited) child.stdin.write(data);
    },
    waitFor(re, timeoutMs, { from = 0, poke } = {}) {
      return new Promise((resolve, reject) => {
        const start = Date.now();
        let lastPoke = 0;
        const tick = (): void => {
          const m = re.exec(out.slice(from));
          if (m) return resolve(m[0]);
          if (Date.now() - start > timeoutMs || exited) {
            return reject(
              new Error(
                `${exited ? 'console command exited' : `no ${re} within ${timeoutMs} ms`}; output:\n${out.slice(-2000)}`,
              ),
            );
          }
          // a prompt is printed once: poke the shell for a new one now and then
          if (poke && Date.now() - lastPoke >= 1000) {
            lastPoke = Date.now();
            child.stdin.write(poke);
          }
          setTimeout(tick, 100);
        };
        tick();
      });
    },
    async close() {
      if (exited) return;
      child.stdin.write('\x1d'); // virsh console's escape: detach
      child.stdin.end();
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        if (exited) {
          clearTimeout(t);
          resolve();
        }
      });
    },
  };
}

// ---- helpers for ssh-client tests (libvirt-ssh driver) ----

/** A throwaway HOME for an ssh client: `.ssh/known_hosts` (the testbed's line unless told
 * otherwise), copies of the named testbed keys as `.ssh/<basename>`, and an app known_hosts path. */
export function makeSshHome(
  info: TestbedInfo,
  opts: { knownHosts?: string[]; keys?: ('key' | 'keyWithPassphrase')[] } = {},
): { home: string; sshDir: string; appKnownHosts: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'vd-sshhome-'));
  const sshDir = join(home, '.ssh');
  mkdirSync(sshDir, { mode: 0o700 });
  writeFileSync(
    join(sshDir, 'known_hosts'),
    (opts.knownHosts ?? [info.ssh.knownHostsLine]).map((l) => `${l}\n`).join(''),
  );
  for (const k of opts.keys ?? []) {
    const src = info.ssh[k];
    copyFileSync(src, join(sshDir, basename(src)));
    chmodSync(join(sshDir, basename(src)), 0o600);
  }
  return {
    home,
    sshDir,
    appKnownHosts: join(home, 'app_known_hosts'),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

export interface PromptLog {
  hostKey: { host: string; port: number; keyType: string; fingerprint: string }[];
  secret: {
    reason: string;
    title: string;
    instructions: string;
    fields: { label: string; echo: boolean }[];
  }[];
}

/** A Prompter answering from scripts (then 'cancel' / null) and recording every question. */
export function scriptedPrompter(script: {
  hostKey?: ('once' | 'remember' | 'cancel')[];
  secrets?: (string[] | null)[];
}): {
  log: PromptLog;
  prompter: {
    hostKey(q: PromptLog['hostKey'][number]): Promise<'once' | 'remember' | 'cancel'>;
    secret(q: PromptLog['secret'][number]): Promise<string[] | null>;
  };
} {
  const log: PromptLog = { hostKey: [], secret: [] };
  const hostKeys = [...(script.hostKey ?? [])];
  const secrets = [...(script.secrets ?? [])];
  return {
    log,
    prompter: {
      hostKey: async (q) => {
        log.hostKey.push(q);
        return hostKeys.shift() ?? 'cancel';
      },
      secret: async (q) => {
        log.secret.push(q);
        return secrets.length > 0 ? (secrets.shift() ?? null) : null;
      },
    },
  };
}

/** Polls `check` (sync or async) every 25 ms until it gives a value other than undefined/false. */
export async function waitUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** virsh on the testbed host itself (this machine, as root), not through the app: stdout, trimmed. */
export function hostVirsh(tb: TestbedInfo): (...args: string[]) => Promise<string> {
  const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };
  return (...args) =>
    new Promise((resolve, reject) =>
      execFile('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env }, (err, stdout) =>
        err ? reject(err) : resolve(stdout.trim()),
      ),
    );
}
