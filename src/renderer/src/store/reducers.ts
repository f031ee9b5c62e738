// Pure state transitions for the inventory part of the store (hosts, VMs, notices). Events come
// in batches and are applied in one pass with copy-on-write, so a burst of 1,000 vm-changed events
// costs one copy of the VM table, not 1,000; order is re-sorted only when a name appears or changes.
import type { ApiEvent } from '../../../shared/api';
import type { Host, Notice, Vm } from '../../../shared/model';
import { nameCollator, sortedIndex, vmKey } from './keys';

export interface Inventory {
  hosts: Record<string, Host>;
  /** Host ids sorted by name. */
  hostOrder: string[];
  vms: Record<string, Vm>;
  /** Per host, VM keys sorted by name. */
  vmOrder: Record<string, string[]>;
  notices: Notice[];
}

export const emptyInventory: Inventory = {
  hosts: {},
  hostOrder: [],
  vms: {},
  vmOrder: {},
  notices: [],
};

function sortHostIds(hosts: Record<string, Host>): string[] {
  return Object.keys(hosts).sort(
    (a, b) => nameCollator.compare(hosts[a]!.name, hosts[b]!.name) || (a < b ? -1 : 1),
  );
}

/** A whole new snapshot (start-up and every reconnect). */
export function snapshotInventory(
  hosts: readonly Host[],
  vmsByHost: ReadonlyMap<string, readonly Vm[]>,
  notices: readonly Notice[],
): Inventory {
  const hostTable: Record<string, Host> = {};
  for (const h of hosts) hostTable[h.id] = h;
  const vms: Record<string, Vm> = {};
  const vmOrder: Record<string, string[]> = {};
  for (const h of hosts) {
    const list = [...(vmsByHost.get(h.id) ?? [])].sort(
      (a, b) => nameCollator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1),
    );
    vmOrder[h.id] = list.map((vm) => {
      const key = vmKey(vm.hostId, vm.id);
      vms[key] = vm;
      return key;
    });
  }
  return {
    hosts: hostTable,
    hostOrder: sortHostIds(hostTable),
    vms,
    vmOrder,
    notices: [...notices],
  };
}

/** Applies events in order; returns the same object when nothing changed. */
export function applyEvents(inv: Inventory, events: readonly ApiEvent[]): Inventory {
  if (events.length === 0) return inv;
  let { hosts, hostOrder, vms, vmOrder, notices } = inv;
  let vmsCopied = false;
  let orderCopied = false;
  const hostOrderCopied = new Set<string>();
  const vmsW = (): Record<string, Vm> => {
    if (!vmsCopied) vms = { ...vms };
    vmsCopied = true;
    return vms;
  };
  const orderW = (hostId: string): string[] => {
    if (!orderCopied) vmOrder = { ...vmOrder };
    orderCopied = true;
    if (!hostOrderCopied.has(hostId)) vmOrder[hostId] = [...(vmOrder[hostId] ?? [])];
    hostOrderCopied.add(hostId);
    return vmOrder[hostId]!;
  };
  const nameOf = (key: string): string => vms[key]?.name ?? '';
  const removeKey = (hostId: string, key: string, name: string): void => {
    const list = orderW(hostId);
    let i = sortedIndex(list, name, key, nameOf);
    if (list[i] !== key) i = list.indexOf(key);
    if (i >= 0) list.splice(i, 1);
  };

  for (const ev of events) {
    switch (ev.type) {
      case 'host-changed': {
        const known = hosts[ev.host.id];
        hosts = { ...hosts, [ev.host.id]: ev.host };
        if (!known || known.name !== ev.host.name) hostOrder = sortHostIds(hosts);
        break;
      }
      case 'vm-changed': {
        const key = vmKey(ev.vm.hostId, ev.vm.id);
        const old = vms[key];
        if (old && old.name !== ev.vm.name) removeKey(ev.vm.hostId, key, old.name);
        const isNew = !old || old.name !== ev.vm.name;
        vmsW()[key] = ev.vm;
        if (isNew) {
          const list = orderW(ev.vm.hostId);
          list.splice(sortedIndex(list, ev.vm.name, key, nameOf), 0, key);
        }
        break;
      }
      case 'vm-removed': {
        const key = vmKey(ev.hostId, ev.vmId);
        const old = vms[key];
        if (!old) break;
        removeKey(ev.hostId, key, old.name);
        delete vmsW()[key];
        break;
      }
      case 'notice': {
        if (!notices.some((n) => n.id === ev.notice.id)) notices = [...notices, ev.notice];
        break;
      }
      case 'host-removed': {
        // The host and its VMs leave the tree (its VMs on the host itself are untouched).
        if (!hosts[ev.hostId]) break;
        hosts = { ...hosts };
        delete hosts[ev.hostId];
        hostOrder = hostOrder.filter((id) => id !== ev.hostId);
        const w = vmsW();
        for (const key of vmOrder[ev.hostId] ?? []) delete w[key];
        if (!orderCopied) vmOrder = { ...vmOrder };
        orderCopied = true;
        delete vmOrder[ev.hostId];
        hostOrderCopied.delete(ev.hostId);
        break;
      }
    }
  }
  return { hosts, hostOrder, vms, vmOrder, notices };
}
