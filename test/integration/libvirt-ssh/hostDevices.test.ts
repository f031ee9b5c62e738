// PCI passthrough on the real testbed, whose host says <iommu support='no'/>: the Devices data is
// the host's own nodedev XML (every PCI device `nodedev-list --cap pci` names, with the ids
// `nodedev-dumpxml` gives), IOMMU reads as off, and an assignment is refused with that reason
// before libvirt is asked, leaving the domain's definition byte for byte as it was. Own domain,
// vdpass-dev (vd-tiny's definition without its disks). Devices another tool assigned (virsh
// attach-device) show that VM as their user, MAC and VLAN included, and Remove takes them out with
// detach-device, leaving the definition as before. Runs over SSH and as the local hypervisor.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import {
  elementXml,
  hostdevInterfaceElement,
  hostdevPciElement,
} from '../../../src/shared/libvirt-xml';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';

const run = promisify(execFile);
const env = { ...process.env, LC_ALL: 'C' };
const NAME = 'vdpass-dev';

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let cleanupHome: () => void;
let dir: string;

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;

async function removeDomain(): Promise<void> {
  await virsh('undefine', NAME).catch(() => {});
}

describe.each(TRANSPORTS)('libvirt over %s: host devices', (transport) => {
  let vmId: string;

  beforeAll(async () => {
    tb = requireTestbed();
    dir = mkdtempSync(join(tmpdir(), 'vdpass-'));
    await removeDomain();
    const uuid = randomUUID();
    const xml = readFileSync(tb.guest.xml, 'utf8')
      .replace(/<name>[^<]*<\/name>/, `<name>${NAME}</name>`)
      .replace(/<uuid>[^<]*<\/uuid>/, '')
      .replace(/<name>/, `<uuid>${uuid}</uuid>\n  <name>`)
      .replace(/<disk\b[\s\S]*?<\/disk>\s*/g, '')
      .replace(/<log\b[^>]*\/>\s*/g, '');
    writeFileSync(join(dir, 'dev.xml'), xml);
    await virsh('define', join(dir, 'dev.xml'));
    vmId = uuid;
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport, waitForEvents: true }));
    await waitUntil(
      async () => (await driver.vmList()).some((v) => v.id === vmId),
      20_000,
      `${NAME} listed`,
    );
  });

  afterAll(async () => {
    await driver?.close();
    cleanupHome?.();
    if (tb) await removeDomain();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the host’s real PCI devices from nodedev XML, IOMMU off', async () => {
    const inv = await driver.hostDevices.hostDeviceList({});
    expect(inv.iommu).toBe(false);
    expect(inv.vfCountWritable).toBe(false);
    const names = (await virsh('nodedev-list', '--cap', 'pci')).split('\n').filter(Boolean);
    const addresses = names
      .map((n) => /^pci_(\w{4})_(\w{2})_(\w{2})_(\w)$/.exec(n.trim()))
      .flatMap((m) => (m ? [`${m[1]}:${m[2]}:${m[3]}.${m[4]}`] : []))
      .sort();
    expect(addresses.length).toBeGreaterThan(0);
    expect(inv.devices.map((d) => d.address).sort()).toEqual(addresses);
    const first = names[0]!.trim();
    const xml = await virsh('nodedev-dumpxml', first);
    const vendor = /<vendor id='0x(\w{4})'/.exec(xml)?.[1];
    const product = /<product id='0x(\w{4})'/.exec(xml)?.[1];
    const d = inv.devices.find((x) => `pci_${x.address.replace(/[:.]/g, '_')}` === first)!;
    expect([d.vendorId, d.productId]).toEqual([vendor, product]);
    const driverName = /<driver>\s*<name>([^<]+)<\/name>/.exec(xml)?.[1] ?? null;
    expect(d.driver).toBe(driverName);
    expect(d.users).toEqual([]);
  });

  it('refuses an assignment with the IOMMU reason and changes nothing on the host', async () => {
    const inv = await driver.hostDevices.hostDeviceList({});
    const address = inv.devices[0]!.address;
    const req = { vmId, address, as: 'hostdev' as const, mac: null, vlan: null, wholeGroup: false };
    const check = await driver.hostDevices.hostDeviceCheck(req);
    expect(check.conflicts).toHaveLength(1);
    expect(check.conflicts[0]).toMatchObject({ kind: 'iommu-off', severity: 'refuse' });
    expect(check.conflicts[0]!.message).toMatch(
      /^IOMMU is off on testbed: PCI passthrough needs it\. Turn on (VT-d|AMD-Vi) in the firmware, add (intel|amd)_iommu=on iommu=pt to the kernel command line and reboot the host\.$/,
    );
    const before = await virsh('dumpxml', '--inactive', NAME);
    await expect(driver.hostDevices.hostDeviceAssign(req)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: check.conflicts[0]!.message,
    });
    expect(await virsh('dumpxml', '--inactive', NAME)).toBe(before);
  });

  it('refuses nodedev-detach with IOMMU off before libvirt is asked', async () => {
    const inv = await driver.hostDevices.hostDeviceList({});
    const d = inv.devices.find((x) => x.driver !== 'vfio-pci')!;
    const name = `pci_${d.address.replace(/[:.]/g, '_')}`;
    const before = await virsh('nodedev-dumpxml', name);
    await expect(
      driver.hostDevices.hostDeviceBind({ address: d.address, driver: 'vfio-pci' }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/^IOMMU is off on testbed/),
    });
    expect(await virsh('nodedev-dumpxml', name)).toBe(before);
  });

  it('reads who uses a device from the domain XML, and removes it with detach-device', async () => {
    const inv = await driver.hostDevices.hostDeviceList({});
    const [raw, nic] = inv.devices.map((d) => d.address) as [string, string];
    const before = await virsh('dumpxml', '--inactive', NAME);
    // Assigned by another tool (IOMMU is off here, so virtdesk itself refuses): libvirt takes a
    // definition with host devices; only a start would fail.
    const file = join(dir, 'dev-hostdev.xml');
    writeFileSync(file, elementXml(hostdevPciElement(raw)));
    await virsh('attach-device', NAME, file, '--config');
    writeFileSync(file, elementXml(hostdevInterfaceElement(nic, '52:54:00:ab:cd:ef', 42)));
    await virsh('attach-device', NAME, file, '--config');
    // libvirt sends no event for a config-only attach to a shut-off domain: re-read it, as the
    // XML tab does.
    await driver.vmGetXml(vmId);
    await waitUntil(
      async () =>
        (await driver.hostDevices.hostDeviceList({})).devices.filter((d) => d.users.length > 0)
          .length === 2,
      20_000,
      'both devices used by vdpass-dev',
    );
    const users = new Map(
      (await driver.hostDevices.hostDeviceList({})).devices.map((d) => [d.address, d.users]),
    );
    expect(users.get(raw)).toEqual([{ vmId, vmName: NAME, running: false, as: 'hostdev' }]);
    expect(users.get(nic)).toEqual([
      { vmId, vmName: NAME, running: false, as: 'interface', mac: '52:54:00:ab:cd:ef', vlan: 42 },
    ]);
    for (const address of [raw, nic]) {
      const r = await driver.hostDevices.hostDeviceRemove({ vmId, address });
      expect(r.live).toBe(false);
    }
    expect(await virsh('dumpxml', '--inactive', NAME)).toBe(before);
    await expect(driver.hostDevices.hostDeviceRemove({ vmId, address: raw })).rejects.toMatchObject(
      { code: 'NOT_FOUND', message: `${raw} is not assigned to ${NAME}.` },
    );
  });
});
