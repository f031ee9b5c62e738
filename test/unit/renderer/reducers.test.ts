import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src/shared/api';
import type { Inventory } from '../../../src/renderer/src/store/reducers';
import {
  applyEvents,
  emptyInventory,
  snapshotInventory,
} from '../../../src/renderer/src/store/reducers';
import { host, vm } from './fixtures';

/** The VM names of a host, in tree order. */
function names(inv: Inventory, hostId: string): string[] {
  return (inv.vmOrder[hostId] ?? []).map((key) => inv.vms[key]?.name ?? `missing ${key}`);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const base = (): Inventory =>
  deepFreeze(
    snapshotInventory(
      [host('h2', 'pve'), host('h1', 'kvm')],
      new Map([
        ['h1', [vm('h1', 'u10', 'web-10'), vm('h1', 'u2', 'web-2'), vm('h1', 'ua', 'App')]],
        ['h2', [vm('h2', 'u1', 'db')]],
      ]),
      [{ id: 'n1', level: 'info', message: 'hello', at: 1 }],
    ),
  );

describe('snapshotInventory', () => {
  it('sorts hosts and VMs by name the way people read them', () => {
    const inv = base();
    expect(inv.hostOrder).toEqual(['h1', 'h2']);
    expect(names(inv, 'h1')).toEqual(['App', 'web-2', 'web-10']);
    expect(inv.vmOrder.h1).toEqual(['h1/ua', 'h1/u2', 'h1/u10']);
    expect(names(inv, 'h2')).toEqual(['db']);
  });

  it('gives a host without a VM list an empty one', () => {
    const inv = snapshotInventory([host('h1')], new Map(), []);
    expect(inv.vmOrder).toEqual({ h1: [] });
  });
});

describe('applyEvents', () => {
  it('returns the same inventory when the events change nothing', () => {
    const inv = base();
    expect(applyEvents(inv, [])).toBe(inv);
    const unknown: ApiEvent[] = [
      { type: 'vm-removed', hostId: 'h1', vmId: 'nope' },
      { type: 'host-removed', hostId: 'nope' },
      { type: 'notice', notice: { id: 'n1', level: 'info', message: 'hello', at: 1 } },
      { type: 'storage-changed', hostId: 'h1' },
    ];
    const out = applyEvents(inv, unknown);
    expect(out).toEqual(inv);
    expect(out.vms).toBe(inv.vms);
    expect(out.vmOrder).toBe(inv.vmOrder);
    expect(out.notices).toBe(inv.notices);
  });

  it('inserts a new VM in name order without touching the input (frozen)', () => {
    const inv = base();
    const out = applyEvents(inv, [{ type: 'vm-changed', vm: vm('h1', 'u3', 'web-3') }]);
    expect(names(out, 'h1')).toEqual(['App', 'web-2', 'web-3', 'web-10']);
    expect(names(inv, 'h1')).toEqual(['App', 'web-2', 'web-10']);
    // Only the host whose list changed gets a new array.
    expect(out.vmOrder.h2).toBe(inv.vmOrder.h2);
  });

  it('updates a VM in place without re-sorting or copying the order', () => {
    const inv = base();
    const out = applyEvents(inv, [
      { type: 'vm-changed', vm: vm('h1', 'u2', 'web-2', 'running') },
      { type: 'vm-changed', vm: vm('h1', 'u10', 'web-10', 'paused') },
    ]);
    expect(out.vms['h1/u2']?.state).toBe('running');
    expect(out.vms['h1/u10']?.state).toBe('paused');
    expect(out.vmOrder).toBe(inv.vmOrder);
    expect(inv.vms['h1/u2']?.state).toBe('shutoff');
  });

  it('moves a renamed VM to its new place', () => {
    const out = applyEvents(base(), [{ type: 'vm-changed', vm: vm('h1', 'u10', 'Zeta') }]);
    expect(names(out, 'h1')).toEqual(['App', 'web-2', 'Zeta']);
    expect(out.vmOrder.h1).toHaveLength(3);
  });

  it('applies a batch in order: the last word about a VM wins', () => {
    const out = applyEvents(base(), [
      { type: 'vm-changed', vm: vm('h1', 'u2', 'web-2', 'running') },
      { type: 'vm-removed', hostId: 'h1', vmId: 'u2' },
      { type: 'vm-changed', vm: vm('h1', 'u2', 'web-2b', 'paused') },
      { type: 'vm-changed', vm: vm('h1', 'ua', 'App', 'running') },
      { type: 'vm-removed', hostId: 'h1', vmId: 'ua' },
    ]);
    expect(names(out, 'h1')).toEqual(['web-2b', 'web-10']);
    expect(out.vms['h1/u2']?.state).toBe('paused');
    expect(out.vms['h1/ua']).toBeUndefined();
  });

  it('keeps two VMs of the same name apart and removes the right one', () => {
    let inv = applyEvents(base(), [
      { type: 'vm-changed', vm: vm('h2', 'z', 'db') },
      { type: 'vm-changed', vm: vm('h2', 'a', 'db') },
    ]);
    expect(inv.vmOrder.h2).toEqual(['h2/a', 'h2/u1', 'h2/z']);
    inv = applyEvents(inv, [{ type: 'vm-removed', hostId: 'h2', vmId: 'u1' }]);
    expect(inv.vmOrder.h2).toEqual(['h2/a', 'h2/z']);
  });

  it('re-sorts hosts when one is added or renamed, not when its state changes', () => {
    const inv = base();
    const renamed = applyEvents(inv, [{ type: 'host-changed', host: host('h1', 'zz') }]);
    expect(renamed.hostOrder).toEqual(['h2', 'h1']);
    const added = applyEvents(inv, [{ type: 'host-changed', host: host('h3', 'aa') }]);
    expect(added.hostOrder).toEqual(['h3', 'h1', 'h2']);
    const state = applyEvents(inv, [
      { type: 'host-changed', host: host('h1', 'kvm', 'disconnected') },
    ]);
    expect(state.hosts.h1?.connection).toBe('disconnected');
    expect(state.hostOrder).toBe(inv.hostOrder);
  });

  it('drops a removed host with its VMs and leaves the other hosts alone', () => {
    const inv = base();
    const out = applyEvents(inv, [{ type: 'host-removed', hostId: 'h1' }]);
    expect(out.hostOrder).toEqual(['h2']);
    expect(out.hosts.h1).toBeUndefined();
    expect(out.vmOrder.h1).toBeUndefined();
    expect(Object.keys(out.vms)).toEqual(['h2/u1']);
    expect(out.vmOrder.h2).toBe(inv.vmOrder.h2);
  });

  it('adds a notice once', () => {
    const n2 = { id: 'n2', level: 'warning', message: 'disk full', at: 2 } as const;
    const out = applyEvents(base(), [
      { type: 'notice', notice: n2 },
      { type: 'notice', notice: n2 },
    ]);
    expect(out.notices.map((n) => n.id)).toEqual(['n1', 'n2']);
  });

  it('starts from nothing', () => {
    const out = applyEvents(emptyInventory, [
      { type: 'host-changed', host: host('h1') },
      { type: 'vm-changed', vm: vm('h1', 'u1', 'a') },
    ]);
    expect(names(out, 'h1')).toEqual(['a']);
    expect(emptyInventory.vmOrder).toEqual({});
  });
});
