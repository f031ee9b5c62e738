// Taking snapshots on the simulated host: the document written, the tree, libvirt's refusals.
import { describe, expect, it } from 'vitest';
import { BOOT_MS } from '../../../src/main/drivers/simulated';
import { parseXml, readSnapshot } from '../../../src/shared/libvirt-xml';
import { disk, fresh, mem, refusal, running } from './simHelpers';

describe('creating snapshots', () => {
  it('writes a domainsnapshot with the domain embedded, on top of the current one', async () => {
    const { host, snaps, id, clock, events, store } = await fresh();
    const s1 = await snaps.snapshotCreate({
      vmId: id,
      ...disk('s1', { description: 'before <upgrade> & co' }),
    });
    expect(s1).toEqual({
      name: 's1',
      description: 'before <upgrade> & co',
      createdAt: Math.floor(clock.now() / 1000) * 1000,
      state: 'shutoff',
      hasMemory: false,
      parent: null,
      isCurrent: true,
      sizeBytes: null,
      external: false,
    });
    expect(events).toEqual([{ type: 'snapshots-changed', hostId: 'sim1', vmId: id }]);
    await snaps.snapshotCreate({ vmId: id, ...disk('s2') });
    await snaps.snapshotCreate({ vmId: id, ...disk('s3') });
    const list = await snaps.snapshotList({ vmId: id });
    expect(list.map((s) => [s.name, s.parent, s.isCurrent])).toEqual([
      ['s1', null, false],
      ['s2', 's1', false],
      ['s3', 's2', true],
    ]);

    const saved = store.last!.vms.find((v) => v.id === id)!.snapshots!;
    expect(saved.current).toBe('s3');
    const xml = saved.list[1]!.xml;
    expect(xml).toMatch(/^<domainsnapshot>\n {2}<name>s2<\/name>\n/);
    expect(xml).toContain("<memory snapshot='no'/>");
    expect(xml).toContain("<disk name='vda' snapshot='internal'/>");
    expect(xml).toMatch(/\n {2}<domain type='kvm'>\n {4}<name>web-01<\/name>/);
    const view = readSnapshot(parseXml(xml));
    expect(view).toMatchObject({ name: 's2', parent: 's1', state: 'shutoff', domainUuid: id });
    expect((await host.vmGetXml(id)).xml).toContain('<name>web-01</name>');
  });

  it('refuses a name the VM already has (CONFLICT)', async () => {
    const { snaps, id } = await fresh();
    await snaps.snapshotCreate({ vmId: id, ...disk('s1') });
    const e = await refusal(snaps.snapshotCreate({ vmId: id, ...disk('s1') }));
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message: 'A snapshot named s1 already exists for web-01.',
    });
  });

  it('refuses memory state for a shut-off VM (INVALID_INPUT)', async () => {
    const { snaps, id } = await fresh();
    const e = await refusal(snaps.snapshotCreate({ vmId: id, ...mem('s1') }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/web-01 is shut off, so there is no memory state to save/);
    expect(await snaps.snapshotList({ vmId: id })).toEqual([]);
  });

  it('saves memory of a running VM, with its size', async () => {
    const { snaps, id } = await running();
    const s = await snaps.snapshotCreate({ vmId: id, ...mem('live') });
    expect(s).toMatchObject({ state: 'running', hasMemory: true, isCurrent: true });
    expect(s.sizeBytes).toBeGreaterThan(0);
    const d = await snaps.snapshotCreate({ vmId: id, ...disk('disk-only') });
    expect(d).toMatchObject({ state: 'running', hasMemory: false, sizeBytes: null });
  });

  it('quiesces only through a guest agent that answers, and only for disk-only snapshots', async () => {
    const ctx = await fresh();
    const { snaps, id, host, clock } = ctx;
    const off = await refusal(snaps.snapshotCreate({ vmId: id, ...disk('q', { quiesce: true }) }));
    expect(off).toMatchObject({ code: 'UNSUPPORTED' });
    expect(off.message).toContain('quiesce needs the QEMU guest agent running in web-01');
    await host.vmStart(id);
    const booting = await refusal(
      snaps.snapshotCreate({ vmId: id, ...disk('q', { quiesce: true }) }),
    );
    expect(booting.message).toMatch(/guest OS of web-01 is still booting/);
    clock.advance(BOOT_MS);
    const withMem = await refusal(
      snaps.snapshotCreate({ vmId: id, ...disk('q', { quiesce: true, withMemory: true }) }),
    );
    expect(withMem.code).toBe('INVALID_INPUT');
    expect(await snaps.snapshotCreate({ vmId: id, ...disk('q', { quiesce: true }) })).toMatchObject(
      { name: 'q' },
    );

    // Without the agent channel in its definition, there is no agent to ask.
    const { xml } = await host.vmGetXml(id);
    const noAgent = xml.replace(/\s*<channel type='unix'>[\s\S]*?<\/channel>/, '');
    expect(noAgent).not.toContain('guest_agent');
    await host.vmDefineXml(id, noAgent);
    await host.vmForceOff(id);
    await host.vmStart(id);
    clock.advance(BOOT_MS);
    const missing = await refusal(
      snaps.snapshotCreate({ vmId: id, ...disk('q2', { quiesce: true }) }),
    );
    expect(missing.message).toMatch(/has no org\.qemu\.guest_agent\.0 channel/);
  });

  it('refuses an internal snapshot of a raw image (UNSUPPORTED)', async () => {
    const { snaps, id, host } = await fresh();
    const { xml } = await host.vmGetXml(id);
    await host.vmDefineXml(id, xml.replace("type='qcow2'", "type='raw'"));
    const e = await refusal(snaps.snapshotCreate({ vmId: id, ...disk('s1') }));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toMatch(/need qcow2 disk images: disk vda of web-01 is raw/);
  });
});
