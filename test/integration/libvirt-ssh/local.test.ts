// The local hypervisor's errors with the real virsh and the testbed's libvirtd: a socket that is
// not there, and the system socket (root:libvirt 0770) refused to a user outside the libvirt
// group: virsh runs as nobody through a wrapper on PATH (runuser; the tests run as root). Each
// message keeps libvirt's words and names the remedy. The scenarios themselves (list,
// lifecycle, events, console, snapshots, storage) run over both transports in their own files.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { requireTestbed, waitUntil } from '../../support/testbed';

let dir: string;
const drivers: LibvirtSshDriver[] = [];

beforeAll(() => {
  requireTestbed();
  dir = mkdtempSync(join(tmpdir(), 'vd-local-it-'));
});

afterAll(async () => {
  for (const d of drivers) await d.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connectError(uri: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const driver = new LibvirtSshDriver({
    hostId: 'local',
    name: 'This machine',
    uri,
    prompter: { hostKey: async () => 'cancel', secret: async () => null },
    appKnownHostsFile: join(dir, 'known_hosts'),
    env,
  });
  drivers.push(driver);
  driver.connect();
  return waitUntil(() => driver.getHost().connectionError, 10_000, 'a connection error');
}

describe('local hypervisor: errors from the real virsh', () => {
  it('a socket that is not there: libvirt says so, and the message names the units', async () => {
    const message = await connectError(`qemu+unix:///system?socket=${dir}/no-such-sock`);
    expect(message).toContain(
      `libvirtd is not reachable on this machine: Failed to connect socket to '${dir}/no-such-sock': No such file or directory.`,
    );
    expect(message).toMatch(/systemctl enable --now libvirtd\.service \(or virtqemud\.socket/);
  });

  it('a user outside the libvirt group: permission denied, with the group and polkit named', async () => {
    const wrapperDir = mkdtempSync(join(dir, 'bin-'));
    // nobody's own home (/nonexistent) would add a second error about virsh's cache directory.
    const home = join(dir, 'nobody-home');
    mkdirSync(home, { mode: 0o777 });
    chmodSync(home, 0o777);
    chmodSync(dir, 0o755);
    const wrapper = join(wrapperDir, 'virsh');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nexec runuser -u nobody -- env HOME=${home} /usr/bin/virsh "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    const message = await connectError('qemu:///system', {
      ...process.env,
      PATH: `${wrapperDir}:${process.env.PATH ?? ''}`,
    });
    expect(message).toMatch(
      /not reachable on this machine: Failed to connect socket to '\S*libvirt-sock': Permission denied\. To fix it/,
    );
    expect(message).toMatch(/add your user to the libvirt group \(sudo usermod -aG libvirt/);
    expect(message).toMatch(/polkit rule/);
  });
});
