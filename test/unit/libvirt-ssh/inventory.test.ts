// The remote host's VM cache: every change announced exactly once whichever path read it, and
// event bursts served by one re-read.
import { describe, expect, it } from 'vitest';
import type { DriverEvent } from '../../../src/main/drivers/driver';
import { Inventory } from '../../../src/main/drivers/libvirt-ssh/inventory';
import { REFRESH_RETRY_MS, Refresher } from '../../../src/main/drivers/libvirt-ssh/refresher';
import { ManualClock } from '../../../src/main/drivers/clock';
import { makeRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import type { DomainRecord } from '../../../src/main/drivers/libvirt-ssh/vmRecord';
import { parseDomainDoc } from '../../../src/main/drivers/common/domainDoc';
import type { VmState } from '../../../src/shared/model';

const ID = '62f19fc7-ff91-45ad-820b-430d377f06eb';
const xml = (memory: number) =>
  `<domain type='qemu'><name>vd-tiny</name><uuid>${ID}</uuid><memory unit='KiB'>${memory}</memory><vcpu>1</vcpu></domain>`;

function record(state: VmState, memory = 262144, live = memory): DomainRecord {
  const config = parseDomainDoc(xml(memory)).doc;
  return makeRecord('h', {
    id: ID,
    state,
    persistent: true,
    autostart: false,
    config,
    live: state === 'shutoff' ? null : parseDomainDoc(xml(live)).doc,
    capacities: new Map(),
  });
}

describe('Inventory', () => {
  it('announces a change once, and nothing for a re-read that finds the same', () => {
    const events: DriverEvent[] = [];
    const inv = new Inventory('h', (e) => events.push(e));
    inv.update(ID, record('shutoff'));
    inv.update(ID, record('shutoff'));
    inv.update(ID, record('running'));
    inv.replace(new Map([[ID, record('running')]]));
    expect(events.map((e) => e.type === 'vm-changed' && e.vm.state)).toEqual([
      'shutoff',
      'running',
    ]);
    inv.replace(new Map());
    expect(events.at(-1)).toEqual({ type: 'vm-removed', hostId: 'h', vmId: ID });
    expect(inv.idByName('vd-tiny')).toBeUndefined();
  });

  it('finds a domain by its current name after a rename, and not by the old one', () => {
    const inv = new Inventory('h', () => {});
    inv.update(ID, record('shutoff'));
    expect(inv.idByName('vd-tiny')).toBe(ID);
    const renamed = makeRecord('h', {
      ...record('shutoff'),
      config: parseDomainDoc(xml(262144).replace('vd-tiny', 'vd-renamed')).doc,
    });
    inv.update(ID, renamed);
    expect(inv.idByName('vd-tiny')).toBeUndefined();
    expect(inv.idByName('vd-renamed')).toBe(ID);
    inv.update(ID, null);
    expect(inv.idByName('vd-renamed')).toBeUndefined();
  });

  it('moves its generation with every update, a re-read that finds the same included', () => {
    // The drift check skips a reply only while the generation stays (drift.ts).
    const inv = new Inventory('h', () => {});
    const g0 = inv.generation;
    inv.update(ID, record('shutoff'));
    const g1 = inv.generation;
    inv.update(ID, record('shutoff'));
    const g2 = inv.generation;
    inv.replace(new Map());
    expect([g1 > g0, g2 > g1, inv.generation > g2]).toEqual([true, true, true]);
  });

  it('marks pending changes when the next boot differs in what the UI shows', () => {
    expect(record('running', 524288, 262144).view).toMatchObject({
      pendingChanges: true,
      memoryKiB: 262144,
    });
    expect(record('running').view.pendingChanges).toBe(false);
  });
});

describe('Refresher', () => {
  it('serves events that arrive during a read with one next read', async () => {
    const reads: (string[] | 'all')[] = [];
    let release: () => void = () => {};
    const r = new Refresher(
      (what) => {
        reads.push(what);
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => {},
    );
    r.request('a');
    r.request('b');
    r.request('c');
    r.request('b');
    expect(reads).toEqual([['a']]);
    release();
    await new Promise((res) => setTimeout(res, 0));
    expect(reads).toEqual([['a'], ['b', 'c']]);
    r.request('all');
    release();
    await new Promise((res) => setTimeout(res, 0));
    expect(reads).toEqual([['a'], ['b', 'c'], 'all']);
    r.stop();
    release();
  });

  it('tries a failed read again after a pause, with what arrived meanwhile, until it succeeds', async () => {
    const clock = new ManualClock();
    const reads: (string[] | 'all')[] = [];
    const errors: unknown[] = [];
    let failuresLeft = 2;
    const r = new Refresher(
      async (what) => {
        reads.push(what);
        if (failuresLeft-- > 0) throw new Error('session busy');
      },
      (e) => errors.push(e),
      clock,
    );
    const settle = () => new Promise((res) => setTimeout(res, 0));
    r.request('a');
    await settle();
    expect(reads).toEqual([['a']]);
    r.request('b');
    clock.advance(REFRESH_RETRY_MS[0]! - 1);
    await settle();
    expect(reads).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(reads).toEqual([['a'], ['a', 'b']]);
    clock.advance(REFRESH_RETRY_MS[1]!);
    await settle();
    expect(reads).toEqual([['a'], ['a', 'b'], ['a', 'b']]);
    expect(errors).toHaveLength(2);
    clock.advance(60_000);
    await settle();
    expect(reads).toHaveLength(3);
  });

  it('stops trying once stopped', async () => {
    const clock = new ManualClock();
    const reads: (string[] | 'all')[] = [];
    const r = new Refresher(
      async (what) => {
        reads.push(what);
        throw new Error('gone');
      },
      () => {},
      clock,
    );
    r.request('all');
    await new Promise((res) => setTimeout(res, 0));
    r.stop();
    clock.advance(120_000);
    await new Promise((res) => setTimeout(res, 0));
    expect(reads).toEqual(['all']);
  });
});
