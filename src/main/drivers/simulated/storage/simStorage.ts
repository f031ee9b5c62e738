// The simulated host's storage capability (StorageOps): pools and volumes from StoragePools, who
// uses each volume from the host's VMs, attaching a volume to a VM's definitions. Every change is
// persisted and announced: storage-changed, plus vm-changed for each VM whose disks changed.
import { isActive } from '../../../../shared/lifecycle';
import type { AttachResult } from '../../../../shared/api';
import { VirtdeskError } from '../../../../shared/errors';
import type { NewVmSpec, Pool, Volume, VolumeUser, Vm } from '../../../../shared/model';
import type { DiskDeleteFacts, DiskVolume } from '../../../../shared/deletePlan';
import type { StorageMethod } from '../../../../shared/storage';
import { checkPoolSpec, checkResize, inUseProblem } from '../../../../shared/storage';
import type { DriverEvent, StorageOps } from '../../driver';
import { domainDocOf, sameDefinition } from '../../common/domainDoc';
import { afterWrite } from '../../../persistence/confirm';
import type { Inventory } from '../inventory';
import type { SimVm, SimVmState } from '../simVm';
import { nextTarget, withDisk } from '../../common/attachDisk';
import type { VmDisk } from '../../common/deleteFacts';
import { deleteFacts, disksOf } from '../../common/deleteFacts';
import type { NewVmDisk } from './newVmDisk';
import { diskSourceOf, prepareNewVmDisk, sharedProblem } from './newVmDisk';
import type { StoragePools } from './pools';
import { fail } from './poolRules';
import type { SimPool, SimVolume } from './records';
import { sourceOf } from './records';

/** What the simulated host lends its storage. */
export interface StorageHost {
  readonly hostId: string;
  readonly name: string;
  readonly pools: StoragePools;
  readonly inventory: Inventory;
  find(vmId: string): SimVm;
  /** Stores a VM; resolves (after vm-changed) once the write holding it is on disk. */
  commit(state: SimVmState): Promise<Vm>;
  /** Resolves once the write holding the host as it is now is on disk. */
  persist(): Promise<void>;
  emit(event: DriverEvent): void;
}

type Ops = { [M in StorageMethod]: StorageOps[M] };

export class SimStorage implements Ops {
  constructor(private readonly host: StorageHost) {}

  private get pools(): StoragePools {
    return this.host.pools;
  }

  async poolList(_params: Record<string, never> = {}): Promise<Pool[]> {
    return this.pools.list().map((p) => this.poolView(p));
  }

  async poolDefine({ spec }: Parameters<Ops['poolDefine']>[0]): Promise<Pool> {
    const [field, problem] = Object.entries(checkPoolSpec(spec))[0] ?? [];
    if (problem) throw new VirtdeskError('INVALID_INPUT', problem, `spec.${field}`);
    return this.changed(this.pools.define(spec));
  }

  async poolStart({ pool }: { pool: string }): Promise<Pool> {
    return this.changed(this.pools.start(pool));
  }

  async poolStop({ pool }: { pool: string }): Promise<Pool> {
    const p = this.pools.get(pool);
    const busy = [...this.host.inventory.values()]
      .filter((vm) => isActive(vm.state) && this.usesPool(vm, p))
      .map((vm) => vm.view.name);
    return this.changed(this.pools.stop(pool, busy));
  }

  async poolRefresh({ pool }: { pool: string }): Promise<Pool> {
    return this.changed(this.pools.refresh(pool));
  }

  async poolSetAutostart({ pool, autostart }: { pool: string; autostart: boolean }) {
    return this.changed(this.pools.setAutostart(pool, autostart));
  }

  async poolUndefine({ pool }: { pool: string }): Promise<{ removed: true }> {
    this.pools.undefine(pool);
    await this.changed(null);
    return { removed: true };
  }

  async poolGetXml({ pool }: { pool: string }): Promise<{ xml: string }> {
    return { xml: this.pools.get(pool).xml };
  }

  async volumeList({ pool }: { pool: string }): Promise<Volume[]> {
    const p = this.pools.active(pool);
    const users = this.users();
    return [...p.volumes.values()].map((v) => this.volumeView(p, v, users));
  }

  async volumeCreate(req: Parameters<Ops['volumeCreate']>[0]): Promise<Volume> {
    const vol = this.pools.createVolume(req.pool, req);
    return this.volumeChanged(req.pool, vol);
  }

  async volumeResize({ pool, name, capacityBytes }: Parameters<Ops['volumeResize']>[0]) {
    const p = this.pools.active(pool);
    const vol = this.pools.volume(p, name);
    const view = this.volumeView(p, vol, this.users());
    const problem = checkResize(this.pools.room(p), view, capacityBytes);
    if (problem) fail(problem);
    if (capacityBytes === vol.capacityBytes) return view;
    return this.volumeChanged(pool, this.pools.resizeVolume(p, vol, capacityBytes));
  }

  async volumeClone({ pool, name, newName }: Parameters<Ops['volumeClone']>[0]) {
    this.pools.active(pool);
    return this.volumeChanged(pool, this.pools.cloneVolume(pool, name, newName));
  }

  async volumeDelete({ pool, name }: { pool: string; name: string }): Promise<{ deleted: true }> {
    const p = this.pools.active(pool);
    const vol = this.pools.volume(p, name);
    const problem = inUseProblem(this.volumeView(p, vol, this.users()));
    if (problem) fail(problem);
    this.pools.deleteVolume(p, vol);
    await this.changed(null, [vol.path]);
    return { deleted: true };
  }

  async volumeAttach(req: Parameters<Ops['volumeAttach']>[0]): Promise<AttachResult> {
    const p = this.pools.active(req.pool);
    const vol = this.pools.volume(p, req.name);
    const vm = this.host.find(req.vmId);
    const user = this.users().get(vol.path)?.[0];
    if (user?.vmId === vm.id)
      fail({ code: 'CONFLICT', message: `${vol.name} is already a disk of ${vm.view.name}.` });
    if (user) fail(sharedProblem(vol, user));
    const source = diskSourceOf(p, vol);
    const target = nextTarget(vm.live ? [vm.config, vm.live] : [vm.config], req.bus);
    // The live definition first: it is the one that can refuse (no free slot while running).
    const live = vm.live && domainDocOf(withDisk(vm.live.text, source, target, req.bus, true));
    const config = domainDocOf(withDisk(vm.config.text, source, target, req.bus, false));
    const next: SimVmState = {
      ...vm,
      config,
      live,
      pendingChanges: live !== null && !sameDefinition(config, live),
    };
    // Both changes share a write; all() waits for both and leaves no failure unobserved.
    const [view] = await Promise.all([this.host.commit(next), this.changed(null)]);
    return { vm: view, target, live: live !== null };
  }

  /** Checks a New VM request's disk against the pools; changes nothing. */
  newVmDisk(spec: NewVmSpec): NewVmDisk | null {
    return prepareNewVmDisk(this.pools, this.host.name, this.users(), spec);
  }

  /** What Delete decides on for each disk of vm's persistent definition (deletePlan.ts). */
  deleteFacts(vm: SimVm): DiskDeleteFacts[] {
    const disks = disksOf(vm.config);
    const holders = [...this.host.inventory.values()].map((v) => ({
      id: v.id,
      name: v.view.name,
      docs: [v.config, v.live],
    }));
    return deleteFacts(
      vm.id,
      disks,
      disks.map((d) => this.diskVolume(d)),
      holders,
    );
  }

  /** The volume of an active pool a disk's source is, as libvirt would find it; null if none. */
  private diskVolume(d: VmDisk): DiskVolume | null {
    if (d.source === null) return null;
    const pool = d.pooled ? this.pools.list().find((p) => p.name === d.pooled?.pool) : undefined;
    const p = pool ?? this.pools.poolAt(d.source);
    const vol = p && (d.pooled ? p.volumes.get(d.pooled.volume) : this.pools.volumeAt(p, d.source));
    if (!p || p.state !== 'active' || !vol) return null;
    return {
      pool: p.name,
      name: vol.name,
      key: vol.key,
      path: vol.path,
      capacityBytes: vol.capacityBytes,
    };
  }

  private usesPool(vm: SimVm, p: SimPool): boolean {
    const paths = new Set([...p.volumes.values()].map((v) => v.path));
    return [vm.config, vm.live].some((d) =>
      d?.facts.disks.some((disk) => paths.has(disk.source ?? '')),
    );
  }

  /** Disk path (and pool/volume for <disk type='volume'>) → the VMs using it, by name. */
  private users(): Map<string, VolumeUser[]> {
    const out = new Map<string, VolumeUser[]>();
    for (const vm of this.host.inventory.values()) {
      const paths = new Set<string>();
      for (const doc of [vm.config, vm.live])
        for (const d of doc?.facts.disks ?? []) if (d.source !== null) paths.add(d.source);
      for (const path of paths) {
        const list = out.get(path) ?? [];
        list.push({ vmId: vm.id, vmName: vm.view.name });
        out.set(path, list);
      }
    }
    return out;
  }

  private poolView(p: SimPool): Pool {
    const active = p.state === 'active';
    return {
      hostId: this.host.hostId,
      name: p.name,
      uuid: p.uuid,
      type: p.type,
      state: p.state,
      autostart: p.autostart,
      capacityBytes: active ? p.capacityBytes : 0,
      allocationBytes: active ? p.allocationBytes : 0,
      availableBytes: active ? Math.max(0, p.capacityBytes - p.allocationBytes) : 0,
      targetPath: p.view.targetPath ?? null,
      source: sourceOf(p.view),
    };
  }

  private volumeView(p: SimPool, v: SimVolume, users: Map<string, VolumeUser[]>): Volume {
    return {
      pool: p.name,
      name: v.name,
      key: v.key,
      path: v.path,
      format: v.format,
      capacityBytes: v.capacityBytes,
      allocationBytes: v.allocationBytes,
      usedBy: [...(users.get(v.path) ?? []), ...(users.get(`${p.name}/${v.name}`) ?? [])],
    };
  }

  private async volumeChanged(pool: string, vol: SimVolume): Promise<Volume> {
    const view = this.volumeView(this.pools.get(pool), vol, this.users());
    await this.changed(null, [vol.path]);
    return view;
  }

  /**
   * Saves the host, then, once the write holding the change is on disk, tells listeners: vm-changed
   * for each VM with a disk at one of `paths` (it shows a new size, or none), and storage-changed.
   */
  private changed(p: SimPool, paths?: string[]): Promise<Pool>;
  private changed(p: null, paths?: string[]): Promise<null>;
  private changed(p: SimPool | null, paths: string[] = []): Promise<Pool | null> {
    const vms = this.host.inventory.refreshDisks(paths).map((vm) => structuredClone(vm.view));
    const pool = p && this.poolView(p);
    return afterWrite(this.host.persist(), () => {
      for (const vm of vms) this.host.emit({ type: 'vm-changed', vm });
      this.host.emit({ type: 'storage-changed', hostId: this.host.hostId });
      return pool;
    });
  }
}
