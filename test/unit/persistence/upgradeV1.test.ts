import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulatedHostFile } from '../../../src/main/service';
import { parseXml, readDomain } from '../../../src/shared/libvirt-xml';
import type { Vm } from '../../../src/shared/model';
import { open, tempDir } from '../service/helpers';

// A data dir written by the skeleton (host file version 1: VMs as JSON fields), kept verbatim.
const V1_DIR = path.resolve(__dirname, '../../fixtures/datadir-v1');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await cp(V1_DIR, dir, { recursive: true });
});
afterEach(async () => {
  await cleanup();
});

type V1Vm = Omit<Vm, 'pendingChanges'>;

async function v1Vms(hostId: string): Promise<V1Vm[]> {
  const file = JSON.parse(await readFile(path.join(V1_DIR, 'simulated', `${hostId}.json`), 'utf8'));
  expect(file.version).toBe(1);
  return file.vms;
}

describe('a version 1 data dir', () => {
  it.each(['sim1', 'sim2'])(
    'keeps every VM of %s, as domain XML, then saves version 2',
    async (hostId) => {
      const old = await v1Vms(hostId);
      const a = await open(dir);
      const vms = await a.call('vmList', { hostId });
      expect(vms).toEqual(old.map((v) => ({ ...v, pendingChanges: false })));
      expect(await a.call('noticeList', {})).toEqual([]);

      for (const vm of old) {
        const { xml, liveXml } = await a.call('vmGetXml', { hostId, vmId: vm.id });
        const view = readDomain(parseXml(xml, { root: 'domain' }));
        expect(view).toMatchObject({
          type: 'kvm',
          name: vm.name,
          uuid: vm.id,
          memoryKiB: vm.memoryKiB,
        });
        expect(liveXml).toBe(vm.state === 'shutoff' ? null : xml);
      }
      await a.service.close();

      const file = simulatedHostFile(dir, hostId);
      const upgraded = JSON.parse(await readFile(file, 'utf8'));
      expect(upgraded).toMatchObject({ version: 2, hostId });
      expect(upgraded.vms.map((v: { id: string }) => v.id)).toEqual(old.map((v) => v.id));
      expect(upgraded.volumes).toContainEqual({
        path: old[0]!.disks[0]!.source,
        capacityBytes: old[0]!.disks[0]!.capacityBytes,
      });
      // The old file is kept beside the new one, for going back to an older virtdesk.
      expect(await readFile(`${file}.v1`, 'utf8')).toBe(
        await readFile(path.join(V1_DIR, 'simulated', `${hostId}.json`), 'utf8'),
      );

      const b = await open(dir);
      expect(await b.call('vmList', { hostId })).toEqual(vms);
      expect(await b.call('noticeList', {})).toEqual([]);
      await b.service.close();
    },
  );

  it('does not overwrite an earlier copy of the old file', async () => {
    const file = simulatedHostFile(dir, 'sim1');
    await writeFile(`${file}.v1`, 'an earlier copy');
    await (await open(dir)).service.close();
    expect(await readFile(`${file}.v1`, 'utf8')).toBe('an earlier copy');
    expect((await readdir(path.dirname(file))).sort()).toEqual([
      'sim1.json',
      'sim1.json.v1',
      'sim2.json',
      'sim2.json.v1',
    ]);
  });

  it('is corrupt when a VM cannot be expressed as domain XML, and is kept aside', async () => {
    const file = simulatedHostFile(dir, 'sim2');
    const v1 = JSON.parse(await readFile(file, 'utf8'));
    v1.vms[1].nics[0].mac = 'not a mac';
    await writeFile(file, JSON.stringify(v1));
    const a = await open(dir);
    const [notice] = await a.call('noticeList', {});
    expect(notice?.message).toMatch(/vms\[1\] cannot be written as domain XML: Not a MAC address/);
    expect((await a.call('vmList', { hostId: 'sim2' })).map((v) => v.name)).toContain('plex');
    await a.service.close();
  });
});
