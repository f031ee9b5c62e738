// Delete on a real libvirt host takes only the disks chosen, never a volume another domain uses or
// an ISO attached as a CD-ROM (what `undefine --remove-all-storage` would have taken). Two domains
// share one volume in vd-pool; deleting one with its default disks keeps the shared volume and
// the ISO and removes the private volume. Own domains and volumes, prefixed vdsafedel-.
// Each scenario runs twice: over SSH, and as the local hypervisor (qemu:///system, no SSH).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostVirsh } from '../../../bench/support/hostVirsh';
import type { LibvirtSshDriver } from '../../../src/main/drivers/libvirt-ssh';
import { TRANSPORTS, connectKeyDriver } from '../../support/testbedDriver';
import type { TestbedInfo } from '../../support/testbed';
import { requireTestbed, waitUntil } from '../../support/testbed';

let tb: TestbedInfo;
let dir: string;

const virsh = (...args: string[]) => hostVirsh(tb.libvirt.system, ...args);
/** Whether a domain or volume (virsh `info` of it) exists. */
const exists = (...args: string[]) =>
  virsh(...args).then(
    () => true,
    () => false,
  );
const volExists = (name: string) => exists('vol-info', '--pool', tb.pool.name, name);

const fileDisk = (path: string, target: string, format: string) =>
  `<disk type='file' device='disk'><driver name='qemu' type='${format}'/>` +
  `<source file='${path}'/><target dev='${target}' bus='virtio'/></disk>`;
const cdrom = (path: string) =>
  `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${path}'/>` +
  `<target dev='sda' bus='sata'/><readonly/></disk>`;

/** vd-tiny's definition under another name and uuid, with these disks instead of its own. */
function defineCopy(name: string, disks: string[]): { uuid: string; file: string } {
  const uuid = randomUUID();
  const xml = readFileSync(tb.guest.xml, 'utf8')
    .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`)
    .replace(/<uuid>[^<]*<\/uuid>/, '')
    .replace(/<name>/, `<uuid>${uuid}</uuid>\n  <name>`)
    .replace(/<disk\b[\s\S]*?<\/disk>\s*/g, '')
    .replace(/<log\b[^>]*\/>\s*/g, '')
    .replace('</devices>', `${disks.join('\n')}\n</devices>`);
  const file = join(dir, `${uuid}.xml`);
  writeFileSync(file, xml);
  return { uuid, file };
}

describe.each(TRANSPORTS)('libvirt over %s: Delete with chosen disks', (transport) => {
  const tag = `vdsafedel-${transport}-${randomBytes(3).toString('hex')}`;
  const vols = { priv: `${tag}-private.qcow2`, shared: `${tag}-shared.qcow2`, iso: `${tag}.iso` };
  const uuids: string[] = [];
  let driver: LibvirtSshDriver;
  let cleanupHome: () => void;

  beforeAll(async () => {
    tb = requireTestbed();
    dir = mkdtempSync(join(tmpdir(), 'vdsafedel-'));
    const path = (v: string) => `${tb.pool.path}/${v}`;
    for (const [v, fmt] of [
      [vols.priv, 'qcow2'],
      [vols.shared, 'qcow2'],
      [vols.iso, 'raw'],
    ] as const) {
      await virsh('vol-create-as', '--pool', tb.pool.name, v, '1M', '--format', fmt);
    }
    const a = defineCopy(`${tag}-a`, [
      fileDisk(path(vols.priv), 'vda', 'qcow2'),
      fileDisk(path(vols.shared), 'vdb', 'qcow2'),
      fileDisk(join(dir, 'plain.img'), 'vdc', 'raw'),
      cdrom(path(vols.iso)),
    ]);
    const b = defineCopy(`${tag}-b`, [fileDisk(path(vols.shared), 'vda', 'qcow2')]);
    for (const d of [a, b]) {
      uuids.push(d.uuid);
      await virsh('define', d.file);
    }
    ({ driver, cleanupHome } = await connectKeyDriver(tb, { transport, waitForEvents: true }));
    await waitUntil(
      async () => (await driver.vmList()).filter((v) => v.name.startsWith(tag)).length === 2,
      20_000,
      'both domains listed',
    );
  });

  afterAll(async () => {
    await driver?.close();
    for (const uuid of uuids) await virsh('undefine', uuid, '--nvram').catch(() => {});
    for (const v of Object.values(vols))
      await virsh('vol-delete', '--pool', tb.pool.name, v).catch(() => {});
    cleanupHome?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans each disk with its reason, refuses shared ones, and deletes only the private volume', async () => {
    const [aId, bId] = uuids as [string, string];
    const plan = await driver.vmDeletePlan(aId);
    expect(plan.disks.map((d) => [d.target, d.keep])).toEqual([
      ['vda', null],
      ['vdb', 'in-use'],
      ['vdc', 'not-a-volume'],
      ['sda', 'media'],
    ]);
    expect(plan.disks[0]).toMatchObject({
      volume: { pool: tb.pool.name, name: vols.priv },
      sizeBytes: 1024 ** 2,
    });
    expect(plan.disks[1]?.usedBy).toEqual([{ vmId: bId, vmName: `${tag}-b` }]);

    // Asking for every disk is refused whole: the domain and all volumes stay.
    const every = plan.disks.map((d) => ({ target: d.target, source: d.source ?? '' }));
    await expect(driver.vmDelete(aId, { disks: every })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/vdb .*Also used by .*-b.*Nothing was changed/),
    });
    expect(await exists('dominfo', aId)).toBe(true);
    for (const v of Object.values(vols)) expect(await volExists(v)).toBe(true);

    // The dialog's default: the ticked disks only.
    const before = driver.commandsSent('vol-delete');
    const ticked = plan.disks.flatMap((d) =>
      d.keep === null && d.source !== null ? [{ target: d.target, source: d.source }] : [],
    );
    await driver.vmDelete(aId, { disks: ticked });
    expect(await exists('dominfo', aId)).toBe(false);
    expect(await volExists(vols.priv)).toBe(false);
    expect(await volExists(vols.shared)).toBe(true);
    expect(await volExists(vols.iso)).toBe(true);
    expect(await exists('dominfo', bId)).toBe(true);
    expect(driver.commandsSent('vol-delete') - before).toBe(1);
    await waitUntil(
      async () => !(await driver.vmList()).some((v) => v.id === aId),
      10_000,
      'deleted domain gone from the list',
    );
  });
});
