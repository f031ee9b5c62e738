// What one simulated host holds: its VMs (in definition order) and the MACs handed out. The disk
// images they use live in the host's storage pools (storage/pools.ts); every VM record is made
// here, so its Vm is always derived against the volumes the host has at that moment.
import type { SimVm, SimVmState } from './simVm';
import { makeSimVm } from './simVm';
import type { StoragePools } from './storage/pools';

export class Inventory {
  private readonly vms = new Map<string, SimVm>();
  /** MACs in use on the host; new NICs draw from outside it. */
  readonly macs = new Set<string>();

  constructor(
    private readonly hostId: string,
    private readonly pools: StoragePools,
  ) {}

  readonly capacityOf = (path: string): number | null => this.pools.capacityOf(path);

  /** Every image the host holds, path → capacity. */
  get volumes(): ReadonlyMap<string, number> {
    return this.pools.imageSizes();
  }

  get(id: string): SimVm | undefined {
    return this.vms.get(id);
  }

  values(): IterableIterator<SimVm> {
    return this.vms.values();
  }

  hasVmNamed(name: string): boolean {
    for (const vm of this.vms.values()) if (vm.view.name === name) return true;
    return false;
  }

  /** Stores a VM (new, or replacing the one with its id in place) and returns its record. */
  put(state: SimVmState): SimVm {
    const vm = makeSimVm(this.hostId, state, this.capacityOf);
    this.vms.set(vm.id, vm);
    for (const doc of [vm.config, vm.live])
      for (const n of doc?.facts.nics ?? []) this.macs.add(n.mac);
    return vm;
  }

  /**
   * Re-derives the VMs with a disk at one of `paths` (its volume appeared, went or changed size)
   * and returns them, e.g. a path typed into the XML before the volume existed.
   */
  refreshDisks(paths: Iterable<string>, except?: string): SimVm[] {
    const wanted = new Set(paths);
    if (wanted.size === 0) return [];
    const changed: SimVm[] = [];
    for (const vm of [...this.vms.values()]) {
      if (vm.id !== except && vm.view.disks.some((d) => d.source !== null && wanted.has(d.source)))
        changed.push(this.put(vm));
    }
    return changed;
  }

  /**
   * Removes a VM; frees MACs no other VM has. Returns the paths of its disk images that no other
   * VM uses: deleting the VM deletes those.
   */
  remove(id: string): string[] {
    const vm = this.vms.get(id);
    if (vm === undefined) return [];
    this.vms.delete(id);
    const inUse = new Set<string>();
    this.macs.clear();
    for (const other of this.vms.values()) {
      for (const doc of [other.config, other.live]) {
        for (const d of doc?.facts.disks ?? []) if (d.source !== null) inUse.add(d.source);
        for (const n of doc?.facts.nics ?? []) this.macs.add(n.mac);
      }
    }
    const freed = new Set<string>();
    for (const doc of [vm.config, vm.live]) {
      for (const d of doc?.facts.disks ?? []) {
        if (d.device === 'disk' && d.source !== null && !inUse.has(d.source)) freed.add(d.source);
      }
    }
    return [...freed];
  }
}
