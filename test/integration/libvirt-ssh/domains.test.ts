// Defining and removing domains through the libvirt-ssh driver, and domains whose names would be
// shell or virsh syntax if any word were left unquoted: they are listed, started and destroyed
// like any other, and nothing they "say" is ever run.
// Each scenario runs twice: over SSH, and as the local hypervisor (qemu:///system, no SSH).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverEvent } from '../../../src/main/drivers/driver';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';

const run = promisify(execFile);
const env = { ...process.env, LIBVIRT_AUTOSTART: '0', LC_ALL: 'C' };
// libvirt refuses '/' in a name ("cannot contain '/'"), so the files these would create are
// relative: in vdtest's home for the remote shell, in the cwd for anything local.
const HOSTILE = "x';touch vd-pwned;'";
const SPACED = 'vd test $(touch vd-pwned) `touch vd-pwned`';
const pwned = () => [
  join(tb.dir, 'home', tb.ssh.user, 'vd-pwned'),
  join(process.cwd(), 'vd-pwned'),
  '/tmp/pwned',
];
const NET = 'vd-test-net';
const NEW_VM = 'vd-test-new';

let tb: TestbedInfo;
let driver: LibvirtSshDriver;
let dir: string;
let cleanupHome: () => void;
const seen: DriverEvent[] = [];
const defined: string[] = [];

const virsh = async (...args: string[]) =>
  (await run('virsh', ['-q', '-c', tb.libvirt.system, ...args], { env })).stdout;
const virshOk = (...args: string[]) =>
  virsh(...args).then(
    () => true,
    () => false,
  );

/** vd-tiny's definition under another name and uuid, without its disk (it boots from initramfs). */
function copyOfTiny(name: string): { uuid: string; file: string } {
  const uuid = randomUUID();
  const esc = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;');
  const xml = readFileSync(tb.guest.xml, 'utf8')
    .replace(/<name>[^<]*<\/name>/, `<name>${esc}</name>`)
    .replace(/<uuid>[^<]*<\/uuid>/, '')
    .replace(/<name>/, `<uuid>${uuid}</uuid>\n  <name>`)
    .replace(/<disk\b[\s\S]*?<\/disk>\s*/g, '')
    .replace(/<log\b[^>]*\/>\s*/g, '');
  const file = join(dir, `${uuid}.xml`);
  writeFileSync(file, xml);
  return { uuid, file };
}

describe.each(TRANSPORTS)('libvirt over %s: defining domains', (transport) => {
  beforeAll(async () => {
    seen.length = 0;
    defined.length = 0;
    tb = requireTestbed();
    dir = mkdtempSync(join(tmpdir(), 'vd-domains-'));
    for (const f of pwned()) rmSync(f, { force: true });
    // An inactive network for the new VM's NIC (the testbed has none; defining needs no dnsmasq).
    if (!(await virshOk('net-info', NET))) {
      writeFileSync(join(dir, 'net.xml'), `<network><name>${NET}</name></network>`);
      await virsh('net-define', join(dir, 'net.xml'));
    }
    ({ driver, cleanupHome } = await connectKeyDriver(tb, {
      transport,
      beforeConnect: (d) => {
        d.onEvent((e) => seen.push(e));
      },
      waitForEvents: true,
    }));
  });

  afterAll(async () => {
    await driver?.close();
    for (const uuid of defined.splice(0)) {
      await virsh('destroy', uuid).catch(() => {});
      await virsh('undefine', uuid, '--nvram').catch(() => {});
    }
    await virsh('vol-delete', '--pool', tb.pool.name, `${NEW_VM}.qcow2`).catch(() => {});
    await virsh('net-undefine', NET).catch(() => {});
    cleanupHome?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a VM with a qcow2 disk in the active pool, and deletes it again', async () => {
    expect(driver.getHost().networks).toContain(NET);
    const vm = await driver.vmCreate({
      name: NEW_VM,
      vcpus: 1,
      memoryMiB: 128,
      diskGiB: 1,
      network: NET,
    });
    defined.push(vm.id);
    expect(vm).toMatchObject({
      name: NEW_VM,
      state: 'shutoff',
      vcpus: 1,
      memoryKiB: 128 * 1024,
      nics: [{ type: 'network', source: NET }],
      disks: [
        {
          target: 'vda',
          format: 'qcow2',
          source: `${tb.pool.path}/${NEW_VM}.qcow2`,
          capacityBytes: 1024 ** 3,
        },
      ],
    });
    expect((await virsh('domuuid', NEW_VM)).trim()).toBe(vm.id);
    await expect(
      driver.vmCreate({ name: NEW_VM, vcpus: 1, memoryMiB: 128, diskGiB: 0, network: NET }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const xml = await driver.vmGetXml(vm.id);
    expect(xml.liveXml).toBeNull();
    const edited = xml.xml
      .replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>262144</memory>")
      .replace(
        /<currentMemory unit='KiB'>\d+<\/currentMemory>/,
        "<currentMemory unit='KiB'>262144</currentMemory>",
      );
    const result = await driver.vmDefineXml(vm.id, edited);
    expect(result).toMatchObject({ appliesOnNextBoot: false, vm: { memoryKiB: 262144 } });
    const volume = `${NEW_VM}.qcow2`;
    expect(await virshOk('vol-info', '--pool', tb.pool.name, volume)).toBe(true);
    const disks = result.vm.disks.map((d) => ({ target: d.target, source: d.source ?? '' }));
    await driver.vmDelete(vm.id, { disks });
    expect(await virshOk('dominfo', vm.id)).toBe(false);
    // The chosen disk's volume went with it (one vol-delete).
    expect(await virshOk('vol-info', '--pool', tb.pool.name, volume)).toBe(false);
    expect(await virsh('vol-list', '--pool', tb.pool.name)).not.toContain(volume);
    expect(seen).toContainEqual({ type: 'vm-removed', hostId: 'tb', vmId: vm.id });
  });

  it('lists, starts and destroys domains with hostile names, running nothing they contain', async () => {
    const hostile = copyOfTiny(HOSTILE);
    const spaced = copyOfTiny(SPACED);
    for (const d of [hostile, spaced]) {
      defined.push(d.uuid);
      await virsh('define', d.file);
    }
    // Defined behind the driver's back: libvirt's Defined events bring them in.
    const vms = await waitUntil(
      async () => {
        const all = await driver.vmList();
        return all.some((v) => v.id === spaced.uuid) && all.some((v) => v.id === hostile.uuid)
          ? all
          : false;
      },
      5000,
      'both domains listed',
    );
    expect(vms.find((v) => v.id === hostile.uuid)?.name).toBe(HOSTILE);
    expect(vms.find((v) => v.id === spaced.uuid)?.name).toBe(SPACED);
    expect((await driver.vmStart(hostile.uuid)).state).toBe('running');
    expect((await driver.vmGetXml(spaced.uuid)).xml).toContain(`<name>${SPACED}</name>`);
    expect((await driver.vmForceOff(hostile.uuid)).state).toBe('shutoff');
    for (const f of pwned()) expect(existsSync(f)).toBe(false);
  });
});
