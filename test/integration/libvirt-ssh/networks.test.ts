// Virtual networks through the libvirt-ssh driver on the real testbed, over SSH and locally.
// An ISOLATED network with no address (no <ip>, no <forward>: nothing to listen on) is defined,
// listed as `virsh net-list --all` lists it, and undefined. libvirt 9.0 still installs iptables
// rules for the bridge of any network it makes when it starts one (and the testbed has no
// iptables, so it refuses), so start / stop run on a network that joins a host bridge
// (<forward mode='bridge'>): libvirt starts it without creating an interface or touching the
// firewall. Names carry the vdnet- prefix and are removed before and after.
// Starting the isolated network itself is tried too: libvirt 9.0 adds firewall rules for every
// network it makes a bridge for unless its forward mode is 'open' (bridge_driver.c,
// networkStartNetworkVirtual), and 'open' demands an <ip>. Without iptables (the testbed has none)
// the start is refused in libvirt's words and leaves nothing behind; with it, it must start and stop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { VirtdeskError } from '../../../src/shared/errors';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed } from '../../support/testbed';

const run = promisify(execFile);
const env = { ...process.env, LC_ALL: 'C', LIBVIRT_AUTOSTART: '0' };
const ISOLATED = 'vdnet-quiet';
const BRIDGED = 'vdnet-lan';
const QUIET = 'hwl-quiet';

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let cleanupHome: () => void;

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;

/** `net-list --all` rows: name, state, autostart, persistent. */
async function netList(): Promise<string[][]> {
  return (await virsh('net-list', '--all'))
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((row) => row.length === 4);
}

async function clean(): Promise<void> {
  for (const n of [ISOLATED, BRIDGED, QUIET]) {
    await virsh('net-destroy', n).catch(() => {});
    await virsh('net-undefine', n).catch(() => {});
  }
}

async function listMatchesVirsh(): Promise<void> {
  const ours = (await driver.networks.networkList()).map((n) => [
    n.name,
    n.active ? 'active' : 'inactive',
    n.autostart ? 'yes' : 'no',
    n.persistent ? 'yes' : 'no',
  ]);
  const sort = (rows: string[][]) =>
    [...rows].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  expect(sort(ours)).toEqual(sort(await netList()));
}

describe.each(TRANSPORTS)('libvirt over %s: networks', (transport) => {
  beforeAll(async () => {
    tb = requireTestbed();
    await clean();
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport }));
  });

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    if (tb) await clean();
  });

  it('defines an isolated network with no address: no <ip>, no <forward>; lists and undefines it', async () => {
    const n = await driver.networks.networkDefine({
      spec: {
        kind: 'isolated',
        name: ISOLATED,
        subnet: '',
        dhcpStart: '',
        dhcpEnd: '',
        bridge: '',
      },
    });
    expect(n).toMatchObject({ name: ISOLATED, kind: 'isolated', active: false, addresses: [] });
    expect(n.bridge).toMatch(/^virbr\d+$/);
    const xml = await virsh('net-dumpxml', ISOLATED);
    expect(xml).not.toContain('<ip');
    expect(xml).not.toContain('<forward');
    expect(driver.getHost().networks).toContain(ISOLATED);
    await listMatchesVirsh();
    expect((await driver.networks.networkGetXml({ network: ISOLATED })).xml).toContain(n.uuid);
    expect(await driver.networks.networkLeases({ network: ISOLATED })).toEqual([]);
    // The same name again: refused before libvirt is asked, in libvirt's words.
    const again = await driver.networks
      .networkDefine({
        spec: {
          kind: 'isolated',
          name: ISOLATED,
          subnet: '',
          dhcpStart: '',
          dhcpEnd: '',
          bridge: '',
        },
      })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(VirtdeskError);
    expect((again as VirtdeskError).message).toBe(
      `operation failed: network '${ISOLATED}' already exists with uuid ${n.uuid}`,
    );
    await driver.networks.networkUndefine({ network: ISOLATED });
    expect((await netList()).map((r) => r[0])).not.toContain(ISOLATED);
    expect(driver.getHost().networks).not.toContain(ISOLATED);
  });

  it('starts, marks autostart, stops and undefines a network; the list follows virsh', async () => {
    // The driver offers only bridges the host has; this one is defined with virsh, as a user could.
    await run(
      'sh',
      [
        '-c',
        `printf "%s" "$1" | virsh -q -c ${tb.libvirt.system} net-define /dev/stdin`,
        'sh',
        `<network><name>${BRIDGED}</name><forward mode='bridge'/><bridge name='vdnet-br0'/></network>`,
      ],
      { env },
    );
    const started = await driver.networks.networkStart({ network: BRIDGED });
    expect(started).toMatchObject({
      name: BRIDGED,
      kind: 'bridge',
      bridge: 'vdnet-br0',
      active: true,
    });
    await listMatchesVirsh();
    const stillActive = await driver.networks
      .networkUndefine({ network: BRIDGED })
      .catch((e: unknown) => e);
    expect((stillActive as VirtdeskError).code).toBe('INVALID_STATE');
    expect(
      (await driver.networks.networkSetAutostart({ network: BRIDGED, autostart: true })).autostart,
    ).toBe(true);
    await listMatchesVirsh();
    await driver.networks.networkSetAutostart({ network: BRIDGED, autostart: false });
    expect((await driver.networks.networkStop({ network: BRIDGED })).active).toBe(false);
    await listMatchesVirsh();
    await driver.networks.networkUndefine({ network: BRIDGED });
    expect((await netList()).map((r) => r[0])).not.toContain(BRIDGED);
  });

  it('starting an isolated network with no address: refused in libvirt words without iptables, nothing changed', async () => {
    const n = await driver.networks.networkDefine({
      spec: { kind: 'isolated', name: QUIET, subnet: '', dhcpStart: '', dhcpEnd: '', bridge: '' },
    });
    const listening = async () =>
      (await run('ss', ['-Hlntu'], { env })).stdout
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[4] ?? '')
        .filter((a) => a !== '')
        .sort();
    const before = await listening();
    const hasIptables = await run('sh', ['-c', 'command -v iptables || test -x /usr/sbin/iptables'])
      .then(() => true)
      .catch(() => false);
    expect(n.bridge).toMatch(/^virbr\d+$/);
    const bridge = n.bridge ?? '';
    const bridgeExists = () =>
      run('ip', ['link', 'show', 'dev', bridge]).then(
        () => true,
        () => false,
      );
    if (hasIptables) {
      expect((await driver.networks.networkStart({ network: QUIET })).active).toBe(true);
      expect(await bridgeExists()).toBe(true);
      expect(await listening()).toEqual(before);
      expect((await driver.networks.networkStop({ network: QUIET })).active).toBe(false);
    } else {
      const refused = await driver.networks
        .networkStart({ network: QUIET })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(VirtdeskError);
      expect((refused as VirtdeskError).message).toMatch(
        /^Failed to start network hwl-quiet\ninternal error: Failed to apply firewall rules .*cannot execute binary \S*iptables: No such file or directory$/,
      );
      expect((await virsh('net-info', QUIET)).match(/^Active:\s+(\S+)/m)?.[1]).toBe('no');
    }
    expect(await bridgeExists()).toBe(false);
    expect(await listening()).toEqual(before);
    await driver.networks.networkUndefine({ network: QUIET });
    expect((await netList()).map((r) => r[0])).not.toContain(QUIET);
  });
});
