// The tree as a flat list of rows (hosts, then their VMs when expanded), filtered by the search
// text. Pure and linear: the VM order is already sorted in the store, so filtering never sorts.
import type { Host, Vm } from '../../../../shared/model';

export interface HostRow {
  kind: 'host';
  id: string;
  host: Host;
  vmCount: number;
  expanded: boolean;
  /** 1-based position among the visible hosts. */
  posinset: number;
  setsize: number;
}

export interface VmRow {
  kind: 'vm';
  /** The VM key `${hostId}/${vmId}`. */
  id: string;
  vm: Vm;
  parentIndex: number;
  posinset: number;
  setsize: number;
}

export type TreeRow = HostRow | VmRow;

export interface TreeModel {
  rows: TreeRow[];
  indexById: Map<string, number>;
  filtering: boolean;
  /** VMs matching the filter (all VMs when not filtering). */
  matchCount: number;
}

const lowerNames = new WeakMap<Vm, string>();
function lowerName(vm: Vm): string {
  let name = lowerNames.get(vm);
  if (name === undefined) {
    name = vm.name.toLowerCase();
    lowerNames.set(vm, name);
  }
  return name;
}

export function buildTree(
  hostOrder: readonly string[],
  hosts: Readonly<Record<string, Host>>,
  vmOrder: Readonly<Record<string, readonly string[]>>,
  vms: Readonly<Record<string, Vm>>,
  collapsed: Readonly<Record<string, true>>,
  search: string,
): TreeModel {
  const query = search.trim().toLowerCase();
  const filtering = query.length > 0;
  const shown: { host: Host; keys: readonly string[]; total: number }[] = [];
  let matchCount = 0;
  for (const hostId of hostOrder) {
    const host = hosts[hostId];
    if (!host) continue;
    const all = vmOrder[hostId] ?? [];
    const keys = filtering
      ? all.filter((k) => {
          const vm = vms[k];
          return vm !== undefined && lowerName(vm).includes(query);
        })
      : all;
    matchCount += keys.length;
    if (filtering && keys.length === 0) continue;
    shown.push({ host, keys, total: all.length });
  }

  const rows: TreeRow[] = [];
  const indexById = new Map<string, number>();
  shown.forEach(({ host, keys, total }, h) => {
    const expanded = !collapsed[host.id];
    const hostIndex = rows.length;
    indexById.set(host.id, hostIndex);
    rows.push({
      kind: 'host',
      id: host.id,
      host,
      vmCount: total,
      expanded,
      posinset: h + 1,
      setsize: shown.length,
    });
    if (!expanded) return;
    keys.forEach((key, i) => {
      const vm = vms[key];
      if (!vm) return;
      indexById.set(key, rows.length);
      rows.push({
        kind: 'vm',
        id: key,
        vm,
        parentIndex: hostIndex,
        posinset: i + 1,
        setsize: keys.length,
      });
    });
  });
  return { rows, indexById, filtering, matchCount };
}
