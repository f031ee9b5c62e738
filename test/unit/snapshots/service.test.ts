// Snapshot requests at the boundary: validated before any driver sees them, routed to the
// driver's snapshot operations, refused plainly for a driver that has none.
import { afterEach, describe, expect, it } from 'vitest';
import type { HypervisorDriver } from '../../../src/main/drivers/driver';
import { snapshotHandlers } from '../../../src/main/service/snapshotHandlers';
import type { ApiEvent } from '../../../src/shared/api';
import { VirtdeskError } from '../../../src/shared/errors';
import { open, tempDir, vmId } from '../service/helpers';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function opened() {
  const t = await tempDir();
  const o = await open(t.dir);
  cleanup = async () => {
    await o.service.close();
    await t.cleanup();
  };
  return o;
}

async function refusal(p: Promise<unknown>): Promise<VirtdeskError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VirtdeskError);
  return e as VirtdeskError;
}

describe('snapshot requests', () => {
  it('create, list, revert and delete through the service, with events', async () => {
    const o = await opened();
    const id = await vmId(o, 'sim1', 'k3s-node-1');
    const ref = { hostId: 'sim1', vmId: id };
    const base = { description: '', withMemory: false, quiesce: false };
    await o.call('snapshotCreate', { ...ref, ...base, name: 's1' });
    await o.call('snapshotCreate', { ...ref, ...base, name: 's2' });
    expect((await o.call('snapshotList', ref)).map((s) => s.name)).toEqual(['s1', 's2']);
    expect(await o.call('snapshotRevert', { ...ref, name: 's1' })).toMatchObject({ id });
    expect(await o.call('snapshotDelete', { ...ref, name: 's1', mode: 'subtree' })).toEqual({
      deleted: ['s1', 's2'],
    });
    const changed = o.events.filter((e: ApiEvent) => e.type === 'snapshots-changed');
    expect(changed).toHaveLength(4);
    expect(changed[0]).toEqual({ type: 'snapshots-changed', hostId: 'sim1', vmId: id });
  });

  it('refuses bad input before any driver sees it', async () => {
    const o = await opened();
    const id = await vmId(o, 'sim1', 'k3s-node-1');
    const ok = {
      hostId: 'sim1',
      vmId: id,
      name: 's1',
      description: '',
      withMemory: false,
      quiesce: false,
    };
    const bad: [string, unknown, RegExp][] = [
      ['snapshotCreate', { ...ok, name: '$(reboot)' }, /^name: Snapshot name may not contain/],
      ['snapshotCreate', { ...ok, name: '' }, /Snapshot name is required/],
      [
        'snapshotCreate',
        { ...ok, description: 'x'.repeat(4097) },
        /^description: must be at most 4096/,
      ],
      ['snapshotCreate', { ...ok, withMemory: 'yes' }, /^withMemory: expected true or false/],
      ['snapshotCreate', { ...ok, extra: 1 }, /^extra: is not allowed/],
      [
        'snapshotDelete',
        { hostId: 'sim1', vmId: id, name: 's1', mode: 'all' },
        /^mode: must be one of/,
      ],
      ['snapshotRevert', { hostId: 'sim1', vmId: id, name: 'a\nb' }, /may not contain line breaks/],
    ];
    for (const [method, params, message] of bad) {
      const e = await refusal(o.service.dispatch(method, params));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(message);
    }
    expect(await o.call('snapshotList', { hostId: 'sim1', vmId: id })).toEqual([]);
  });

  it('says UNSUPPORTED, naming the host, when its driver has no snapshots', async () => {
    const driver = { getHost: () => ({ name: 'nas-01' }) } as unknown as HypervisorDriver;
    const handlers = snapshotHandlers(() => driver);
    const e = await refusal(handlers.snapshotList({ hostId: 'h', vmId: 'v' }));
    expect(e).toMatchObject({
      code: 'UNSUPPORTED',
      message: 'Snapshots are not supported on nas-01.',
    });
  });
});
