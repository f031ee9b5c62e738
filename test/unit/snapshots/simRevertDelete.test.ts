// Reverting and deleting snapshots on the simulated host: definitions, state and guest console
// come back; the three delete modes; a VM with snapshots cannot be deleted.
import { describe, expect, it } from 'vitest';
import { parseXml, readSnapshot } from '../../../src/shared/libvirt-xml';
import { disk, fresh, mem, refusal, running, typeInto } from './simHelpers';
import type { Ctx } from './simHelpers';

describe('reverting', () => {
  it('restores the definitions, the running state and the guest console (history, cwd, uptime)', async () => {
    const ctx = await running();
    const { host, snaps, id, clock, events } = ctx;
    const original = (await host.vmGetXml(id)).xml;
    await typeInto(ctx, ['root', 'cd /tmp', 'echo marker-1']);
    clock.advance(60_000);
    await snaps.snapshotCreate({ vmId: id, ...mem('s1') });

    await typeInto(ctx, ['cd /', 'echo after-snapshot']);
    await host.vmDefineXml(
      id,
      original.replace('<vcpu', '<description>changed</description>\n  <vcpu'),
    );
    expect((await host.vmGet(id)).pendingChanges).toBe(true);
    clock.advance(3_600_000);
    await host.vmForceOff(id);
    events.length = 0;

    const vm = await snaps.snapshotRevert({ vmId: id, name: 's1' });
    expect(vm).toMatchObject({ state: 'running', guest: 'up', pendingChanges: false });
    expect(vm.description).toBe('');
    expect(await host.vmGetXml(id)).toEqual({ xml: original, liveXml: original });
    expect(events.map((e) => e.type)).toEqual(['vm-changed', 'snapshots-changed']);
    expect((await snaps.snapshotList({ vmId: id })).find((s) => s.isCurrent)?.name).toBe('s1');

    const out = await typeInto(ctx, ['pwd', 'history', 'uptime']);
    expect(out).toContain('\n/tmp\r\n');
    expect(out).toContain('echo marker-1');
    expect(out).not.toContain('after-snapshot');
    // Uptime continues from the snapshot's minute, not from the hour that followed.
    expect(out).toMatch(/up {1,2}1 min/);
  });

  it('leaves the VM shut off after reverting to a disk-only snapshot, like libvirt', async () => {
    const { host, snaps, id } = await running();
    await snaps.snapshotCreate({ vmId: id, ...disk('d1') });
    const vm = await snaps.snapshotRevert({ vmId: id, name: 'd1' });
    expect(vm).toMatchObject({ state: 'shutoff', guest: null });
    expect((await host.vmGetXml(id)).liveXml).toBeNull();
  });

  it('keeps the persistent definition apart from the live one when they differed', async () => {
    const { host, snaps, id } = await running();
    const { xml } = await host.vmGetXml(id);
    const edited = xml.replace('<vcpu', '<description>next boot</description>\n  <vcpu');
    await host.vmDefineXml(id, edited);
    await snaps.snapshotCreate({ vmId: id, ...mem('s1') });
    await host.vmForceOff(id);
    const vm = await snaps.snapshotRevert({ vmId: id, name: 's1' });
    expect(vm).toMatchObject({ state: 'running', pendingChanges: true, description: '' });
    expect(await host.vmGetXml(id)).toEqual({ xml: edited, liveXml: xml });
  });

  it('says plainly when the snapshot does not exist', async () => {
    const { snaps, id } = await fresh();
    const e = await refusal(snaps.snapshotRevert({ vmId: id, name: 'nope' }));
    expect(e).toMatchObject({ code: 'NOT_FOUND', message: 'web-01 has no snapshot named "nope".' });
  });
});

describe('deleting', () => {
  async function tree() {
    const ctx = await fresh();
    const { snaps, id } = ctx;
    // s1 ─ s2 ─ s3
    //    └ s4
    await snaps.snapshotCreate({ vmId: id, ...disk('s1') });
    await snaps.snapshotCreate({ vmId: id, ...disk('s2') });
    await snaps.snapshotCreate({ vmId: id, ...disk('s3') });
    await snaps.snapshotRevert({ vmId: id, name: 's1' });
    await snaps.snapshotCreate({ vmId: id, ...disk('s4') });
    return ctx;
  }
  const shape = async (ctx: Ctx) =>
    (await ctx.snaps.snapshotList({ vmId: ctx.id })).map(
      (s) => `${s.name}<${s.parent ?? '-'}${s.isCurrent ? '*' : ''}`,
    );

  it('one: moves the children up to its parent, in the stored XML too', async () => {
    const ctx = await tree();
    expect(await ctx.snaps.snapshotDelete({ vmId: ctx.id, name: 's2', mode: 'one' })).toEqual({
      deleted: ['s2'],
    });
    expect(await shape(ctx)).toEqual(['s1<-', 's3<s1', 's4<s1*']);
    const saved = ctx.store.last!.vms.find((v) => v.id === ctx.id)!.snapshots!;
    expect(readSnapshot(parseXml(saved.list[1]!.xml)).parent).toBe('s1');
    await ctx.snaps.snapshotDelete({ vmId: ctx.id, name: 's1', mode: 'one' });
    expect(await shape(ctx)).toEqual(['s3<-', 's4<-*']);
  });

  it('subtree: removes it and its descendants; the current one hands over to the parent', async () => {
    const ctx = await tree();
    await ctx.snaps.snapshotRevert({ vmId: ctx.id, name: 's3' });
    expect(await ctx.snaps.snapshotDelete({ vmId: ctx.id, name: 's2', mode: 'subtree' })).toEqual({
      deleted: ['s2', 's3'],
    });
    expect(await shape(ctx)).toEqual(['s1<-*', 's4<s1']);
    expect(await ctx.snaps.snapshotDelete({ vmId: ctx.id, name: 's1', mode: 'subtree' })).toEqual({
      deleted: ['s1', 's4'],
    });
    expect(await ctx.snaps.snapshotList({ vmId: ctx.id })).toEqual([]);
    expect(ctx.store.last!.vms.find((v) => v.id === ctx.id)!.snapshots).toBeUndefined();
  });

  it('children-only: keeps the snapshot, which becomes current when its descendant was', async () => {
    const ctx = await tree();
    const r = await ctx.snaps.snapshotDelete({ vmId: ctx.id, name: 's1', mode: 'children-only' });
    expect(r.deleted.sort()).toEqual(['s2', 's3', 's4']);
    expect(await shape(ctx)).toEqual(['s1<-*']);
  });

  it('refuses to delete a VM that has snapshots, naming how many', async () => {
    const ctx = await tree();
    const e = await refusal(ctx.host.vmDelete(ctx.id));
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message: 'web-01 has 4 snapshots: delete them first.',
    });
    await ctx.snaps.snapshotDelete({ vmId: ctx.id, name: 's1', mode: 'subtree' });
    await ctx.host.vmDelete(ctx.id);
    expect(await ctx.host.vmList()).not.toContainEqual(expect.objectContaining({ id: ctx.id }));
  });
});
