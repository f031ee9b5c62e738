// The local hypervisor's transport with real processes: a terminal from util-linux `script` for
// the commands that need one, words passed without a shell, and the errors a user meets, each
// naming its remedy. virsh itself is a stand-in script here, printing libvirt 9.0's own texts
// (captured from `virsh -c qemu:///system uri` run as nobody, and with a missing socket); the
// integration tests meet the real ones.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { LocalTransport } from '../../../src/main/drivers/libvirt-ssh/localTransport';
import type { HostChannel } from '../../../src/main/drivers/libvirt-ssh/transport';
import { detectLocalHypervisor } from '../../../src/main/service/localHypervisor';

const dirs: string[] = [];
const drivers: LibvirtSshDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vd-local-'));
  dirs.push(dir);
  return dir;
}

/** A PATH whose only virsh prints `stderr` and exits 1, as virsh does when it cannot connect. */
function fakeVirshPath(stderr: string): string {
  const bin = tempDir();
  const file = join(bin, 'virsh');
  // printf is a shell builtin: PATH holds nothing but this virsh.
  const quoted = `'${stderr.replace(/'/g, `'\\''`)}'`;
  writeFileSync(file, `#!/bin/sh\nprintf '%s' ${quoted} >&2\nexit 1\n`);
  chmodSync(file, 0o755);
  return bin;
}

/** The error the local driver reports after its first try with PATH. */
async function connectError(uri: string, path: string): Promise<string> {
  const driver = new LibvirtSshDriver({
    hostId: 'local',
    name: 'This machine',
    uri,
    prompter: { hostKey: async () => 'cancel', secret: async () => null },
    appKnownHostsFile: join(tempDir(), 'known_hosts'),
    env: { PATH: path },
  });
  drivers.push(driver);
  driver.connect();
  for (let i = 0; i < 200; i++) {
    const host = driver.getHost();
    if (host.connectionError !== undefined) return host.connectionError;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no connection error within 5 s');
}

function output(channel: HostChannel): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    let out = '';
    let code: number | null = null;
    channel.on('data', (d: Buffer) => (out += d.toString('utf8')));
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => resolve({ out, code }));
  });
}

describe('local transport', () => {
  it('runs words as they are, never through a shell', async () => {
    const t = new LocalTransport();
    const ch = await t.exec(['printf', '%s|', 'a b', '$(id)', "x';touch no'"]);
    ch.end();
    expect(await output(ch)).toEqual({ out: "a b|$(id)|x';touch no'|", code: 0 });
  });

  it('hands a document to a command that opens /dev/stdin as a file (virsh define --file)', async () => {
    const t = new LocalTransport();
    const ch = await t.exec(['cat', '/dev/stdin'], { stdinAsFile: true });
    ch.end("<domain type='kvm'/>");
    expect(await output(ch)).toEqual({ out: "<domain type='kvm'/>", code: 0 });
  });

  it('gives a command that needs one a terminal of the asked size', async () => {
    const t = new LocalTransport();
    const ch = await t.exec(['stty', 'size'], { terminal: { cols: 132, rows: 43 } });
    const { out, code } = await output(ch);
    expect(out.trim()).toBe('43 132');
    expect(code).toBe(0);
  });

  it('ends every running command when it is closed', async () => {
    const t = new LocalTransport();
    const ch = await t.exec(['sleep', '30']);
    const done = output(ch);
    t.close();
    expect((await done).code).toBeNull();
    await expect(t.exec(['true'])).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});

describe('local hypervisor: errors that name their remedy', () => {
  it('virsh not installed: names the package for Debian and Fedora', async () => {
    const message = await connectError('qemu:///system', tempDir());
    expect(message).toMatch(/virsh is not installed on this machine/);
    expect(message).toMatch(/libvirt-clients \(Debian, Ubuntu\) or libvirt-client \(Fedora\)/);
  });

  it('permission denied on the socket: names the libvirt group and the polkit rule', async () => {
    const path = fakeVirshPath(
      'error: failed to connect to the hypervisor\n' +
        "error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied\n",
    );
    const message = await connectError('qemu:///system', path);
    expect(message).toMatch(/libvirt-sock': Permission denied\. To fix it, add your user/);
    expect(message).toMatch(/usermod -aG libvirt/);
    expect(message).toMatch(/polkit rule/);
  });

  it('daemon not running: names libvirtd.service and virtqemud.socket', async () => {
    const path = fakeVirshPath(
      'error: failed to connect to the hypervisor\n' +
        "error: Failed to connect socket to '/run/libvirt/nothere': No such file or directory\n",
    );
    const message = await connectError('qemu+unix:///system?socket=/run/libvirt/nothere', path);
    expect(message).toMatch(/is not reachable on this machine: .*No such file or directory/);
    expect(message).toMatch(/systemctl enable --now libvirtd\.service/);
    expect(message).toMatch(/virtqemud\.socket/);
  });
});

describe('detectLocalHypervisor', () => {
  const sockets =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p);

  it('offers the system daemon first, else the session daemon, else nothing', () => {
    const env = { XDG_RUNTIME_DIR: '/run/user/1000' };
    const session = '/run/user/1000/libvirt/libvirt-sock';
    expect(detectLocalHypervisor(env, sockets('/run/libvirt/libvirt-sock', session))).toBe(
      'qemu:///system',
    );
    expect(detectLocalHypervisor(env, sockets('/run/libvirt/virtqemud-sock'))).toBe(
      'qemu:///system',
    );
    expect(detectLocalHypervisor(env, sockets(session))).toBe('qemu:///session');
    expect(detectLocalHypervisor(env, sockets())).toBeNull();
  });

  it('is off with VIRTDESK_LOCAL_HYPERVISOR=0', () => {
    const env = { VIRTDESK_LOCAL_HYPERVISOR: '0' };
    expect(detectLocalHypervisor(env, sockets('/run/libvirt/libvirt-sock'))).toBeNull();
  });
});
