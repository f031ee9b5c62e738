// What one simulated host holds: its VMs (in definition order), the disk volumes they use and the
// MACs handed out. Every VM record is made here, so its Vm is always derived against the volumes
// the host has at that moment.
import type { SimVm, SimVmState } from './simVm';
import { makeSimVm } from './simVm';

export class Inventory {
  private readonly vms = new Map<string, SimVm>();
  private readonly volumeSizes = new Map<string, number>();
  /** MACs in use on the host; new NICs draw from outside it. */
  readonly macs = new Set<string>();

  constructor(private readonly hostId: string) {}

  readonly capacityOf = (path: string): number | null => this.volumeSizes.get(path) ?? null;

  get volumes(): ReadonlyMap<string, number> {
    return this.volumeSizes;
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
   * Adds a volume; returns the other VMs whose view changed because a disk of theirs now has a
   * size (a path typed into the XML before the volume existed).
   */
  addVolume(path: string, capacityBytes: number, except?: string): SimVm[] {
    this.volumeSizes.set(path, capacityBytes);
    const changed: SimVm[] = [];
    for (const vm of this.vms.values()) {
      if (vm.id !== except && vm.view.disks.some((d) => d.source === path))
        changed.push(this.put(vm));
    }
    return changed;
  }

  /** Removes a VM with the volumes no other VM uses; frees MACs no other VM has. */
  remove(id: string): void {
    const vm = this.vms.get(id);
    if (vm === undefined) return;
    this.vms.delete(id);
    const inUse = new Set<string>();
    this.macs.clear();
    for (const other of this.vms.values()) {
      for (const doc of [other.config, other.live]) {
        for (const d of doc?.facts.disks ?? []) if (d.source !== null) inUse.add(d.source);
        for (const n of doc?.facts.nics ?? []) this.macs.add(n.mac);
      }
    }
    for (const doc of [vm.config, vm.live]) {
      for (const d of doc?.facts.disks ?? []) {
        if (d.device === 'disk' && d.source !== null && !inUse.has(d.source))
          this.volumeSizes.delete(d.source);
      }
    }
  }

  setVolumes(volumes: ReadonlyMap<string, number>): void {
    for (const [path, bytes] of volumes) this.volumeSizes.set(path, bytes);
  }
}
