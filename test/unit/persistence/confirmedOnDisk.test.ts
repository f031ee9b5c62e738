// Through the service, as the UI drives it: every mutating request resolves, and its event goes out,
// only when the host's file on disk already holds the change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulatedHostFile } from '../../../src/main/service';
import type { ApiEvent } from '../../../src/shared/api';
import { open, vmId } from '../service/helpers';
import { tempDirPerTest } from './doc';

const tmp = tempDirPerTest('virtdesk-confirm-');

const onDisk = () => readFileSync(simulatedHostFile(tmp(), 'sim1'), 'utf8');
const spec = (name: string) => ({ name, vcpus: 1, memoryMiB: 256, diskGiB: 0, network: 'default' });

describe('a confirmed change is on disk', () => {
  it('50 concurrent VM creates: each resolves and is announced with itself in the file', async () => {
    const o = await open(tmp());
    // What the file held when each vm-changed event went out (read synchronously in the listener).
    const seen: { id: string; inFile: boolean }[] = [];
    o.service.onEvent((e: ApiEvent) => {
      if (e.type === 'vm-changed') seen.push({ id: e.vm.id, inFile: onDisk().includes(e.vm.id) });
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        o.call('vmCreate', { hostId: 'sim1', spec: spec(`gc-${i}`) }).then((vm) => ({
          id: vm.id,
          inFile: onDisk().includes(vm.id),
        })),
      ),
    );
    expect(results.every((r) => r.inFile)).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(50);
    expect(seen.every((s) => s.inFile)).toBe(true);
    await o.service.close();
  });

  it('a snapshot, a volume and a delete resolve with the file already holding them', async () => {
    const o = await open(tmp());
    const ref = { hostId: 'sim1', vmId: await vmId(o, 'sim1', 'k3s-node-1') };
    const announced: string[] = [];
    o.service.onEvent((e: ApiEvent) => {
      if (e.type === 'snapshots-changed' && onDisk().includes('gc-snap')) announced.push('snap');
      if (e.type === 'storage-changed' && onDisk().includes('gc-vol.qcow2')) announced.push('vol');
    });
    await o.call('snapshotCreate', {
      ...ref,
      name: 'gc-snap',
      description: '',
      withMemory: false,
      quiesce: false,
    });
    expect(onDisk()).toContain('gc-snap');
    await o.call('volumeCreate', {
      hostId: 'sim1',
      pool: 'default',
      name: 'gc-vol.qcow2',
      format: 'qcow2',
      capacityBytes: 1024 ** 3,
    });
    expect(onDisk()).toContain('gc-vol.qcow2');
    expect(announced).toEqual(['snap', 'vol']);

    const doomed = await o.call('vmCreate', { hostId: 'sim1', spec: spec('gc-doomed') });
    await o.call('vmDelete', { hostId: 'sim1', vmId: doomed.id, disks: [] });
    expect(onDisk()).not.toContain(doomed.id);
    await o.service.close();
  });
});
