// A simulated KVM host: the built-in driver, so virtdesk is useful (and testable) without a real
// hypervisor. It plays libvirt's state machine on an injected clock and persists through a store
// that coalesces writes; every change is handed to the store and then announced as an event.
import { VirtdeskError } from '../../../shared/errors';
import type { Host, HostHardware, NewVmSpec, Vm } from '../../../shared/model';
import { checkName } from '../../../shared/names';
import type { Clock } from '../clock';
import type { DriverEvent, HypervisorDriver } from '../driver';
import { cpuCount, hardwareFor } from './hardware';
import type { SimHostFile } from './hostFile';
import { HOST_FILE_VERSION } from './hostFile';
import type { FollowUp, LifecycleAction } from './lifecycle';
import { BOOT_MS, SHUTDOWN_MS, assertCan, complete, restoreState, transition } from './lifecycle';
import { seedVms } from './seed';
import { buildVm } from './vmFactory';

export const SIM_HYPERVISOR = 'QEMU/KVM 9.2 (simulated)';
export const SIM_NETWORKS: readonly string[] = ['default', 'br0-lan'];

/** Where the host's state goes; save() may coalesce, so it takes a producer, not a value. */
export interface SimHostStore {
  save(snapshot: () => SimHostFile): void;
  flush(): Promise<void>;
}

export interface SimulatedHostOptions {
  hostId: string;
  name: string;
  clock: Clock;
  store: SimHostStore;
  /** What the store read back; null or absent seeds a fresh host. */
  saved?: SimHostFile | null;
  /** Generated VMs (vm-0001…) added only when seeding a fresh host, for benchmarks. */
  seedVmsPerHost?: number;
}

interface PendingTimer {
  handle: unknown;
  followUp: Exclude<FollowUp, null>;
  dueAt: number;
}

/** Short, quoted form of a caller-supplied string for error messages. */
function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

export class SimulatedHost implements HypervisorDriver {
  readonly hostId: string;
  private readonly name: string;
  private readonly clock: Clock;
  private readonly store: SimHostStore;
  private readonly hardware: HostHardware;
  private readonly vms = new Map<string, Vm>();
  private readonly macs = new Set<string>();
  private readonly timers = new Map<string, PendingTimer>();
  /** Boot time left for guests paused mid-boot, so resume continues the boot, not restarts it. */
  private readonly bootLeft = new Map<string, number>();
  private readonly listeners = new Set<(event: DriverEvent) => void>();
  private closed = false;

  constructor(opts: SimulatedHostOptions) {
    this.hostId = opts.hostId;
    this.name = opts.name;
    this.clock = opts.clock;
    this.store = opts.store;
    this.hardware = hardwareFor(opts.hostId);
    if (opts.saved) {
      this.restore(opts.saved.vms);
    } else {
      for (const vm of seedVms(opts.hostId, opts.seedVmsPerHost ?? 0, this.macs)) {
        this.vms.set(vm.id, vm);
      }
      this.persist();
    }
  }

  private restore(saved: Vm[]): void {
    let changed = false;
    for (const vm of saved) {
      const t = restoreState(vm);
      changed ||= t.state !== vm.state || t.guest !== vm.guest;
      this.vms.set(vm.id, { ...vm, state: t.state, guest: t.guest });
      for (const nic of vm.nics) this.macs.add(nic.mac);
      if (t.followUp) this.schedule(vm.id, t.followUp, BOOT_MS);
    }
    if (changed) this.persist();
  }

  getHost(): Host {
    return {
      id: this.hostId,
      name: this.name,
      driver: 'simulated',
      uri: `sim://${this.hostId}`,
      connection: this.closed ? 'disconnected' : 'connected',
      hypervisor: SIM_HYPERVISOR,
      hardware: structuredClone(this.hardware),
      networks: [...SIM_NETWORKS],
    };
  }

  async listVms(): Promise<Vm[]> {
    this.assertOpen();
    return [...this.vms.values()].map((vm) => structuredClone(vm));
  }

  async getVm(vmId: string): Promise<Vm> {
    return structuredClone(this.find(vmId));
  }

  async defineVm(spec: NewVmSpec): Promise<Vm> {
    this.assertOpen();
    const nameProblem = checkName(spec.name);
    if (nameProblem) throw new VirtdeskError('INVALID_INPUT', nameProblem, 'name');
    for (const vm of this.vms.values()) {
      if (vm.name === spec.name)
        throw new VirtdeskError(
          'CONFLICT',
          `A VM named ${spec.name} already exists on ${this.name}.`,
          'name',
        );
    }
    const cpus = cpuCount(this.hardware);
    if (!Number.isInteger(spec.vcpus) || spec.vcpus < 1 || spec.vcpus > cpus)
      throw new VirtdeskError(
        'INVALID_INPUT',
        `${this.name} has ${cpus} CPUs; a VM needs between 1 and ${cpus} vCPUs.`,
        'vcpus',
      );
    const hostMiB = Math.floor(this.hardware.memoryKiB / 1024);
    if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 1 || spec.memoryMiB > hostMiB)
      throw new VirtdeskError(
        'INVALID_INPUT',
        `${this.name} has ${hostMiB} MiB of memory; a VM may have at most that much.`,
        'memoryMiB',
      );
    if (!Number.isInteger(spec.diskGiB) || spec.diskGiB < 0)
      throw new VirtdeskError(
        'INVALID_INPUT',
        'Disk size must be a whole number of GiB.',
        'diskGiB',
      );
    if (!SIM_NETWORKS.includes(spec.network))
      throw new VirtdeskError(
        'INVALID_INPUT',
        `${this.name} has no network ${quote(spec.network)}; it has ${SIM_NETWORKS.join(', ')}.`,
        'network',
      );
    const vm = buildVm(this.hostId, { ...spec, networks: [spec.network] }, this.macs);
    return this.commit(vm);
  }

  async undefineVm(vmId: string): Promise<void> {
    const vm = this.find(vmId);
    assertCan(vm, 'undefine');
    this.cancelTimer(vmId);
    this.bootLeft.delete(vmId);
    this.vms.delete(vmId);
    for (const nic of vm.nics) this.macs.delete(nic.mac);
    this.persist();
    this.emit({ type: 'vm-removed', hostId: this.hostId, vmId });
  }

  async start(vmId: string): Promise<Vm> {
    return this.act(vmId, 'start');
  }

  async shutdown(vmId: string): Promise<Vm> {
    return this.act(vmId, 'shutdown');
  }

  async reboot(vmId: string): Promise<Vm> {
    return this.act(vmId, 'reboot');
  }

  async forceOff(vmId: string): Promise<Vm> {
    return this.act(vmId, 'forceOff');
  }

  async suspend(vmId: string): Promise<Vm> {
    return this.act(vmId, 'suspend');
  }

  async resume(vmId: string): Promise<Vm> {
    return this.act(vmId, 'resume');
  }

  onEvent(listener: (event: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const vmId of [...this.timers.keys()]) this.cancelTimer(vmId);
    this.listeners.clear();
    await this.store.flush();
  }

  private act(vmId: string, action: LifecycleAction): Vm {
    const vm = this.find(vmId);
    assertCan(vm, action);
    const pending = this.timers.get(vmId);
    this.cancelTimer(vmId);
    if (action === 'suspend' && pending?.followUp === 'boot') {
      this.bootLeft.set(vmId, Math.max(0, pending.dueAt - this.clock.now()));
    }
    const t = transition(vm, action);
    if (t.followUp === 'boot') {
      const left = action === 'resume' ? this.bootLeft.get(vmId) : undefined;
      this.schedule(vmId, 'boot', left ?? BOOT_MS);
    } else if (t.followUp === 'power-off') {
      this.schedule(vmId, 'power-off', SHUTDOWN_MS);
    }
    if (action !== 'suspend') this.bootLeft.delete(vmId);
    return this.commit({ ...vm, state: t.state, guest: t.guest });
  }

  private schedule(vmId: string, followUp: Exclude<FollowUp, null>, ms: number): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(vmId);
      const vm = this.vms.get(vmId);
      if (vm && !this.closed) this.commit({ ...vm, ...complete(followUp) });
    }, ms);
    this.timers.set(vmId, { handle, followUp, dueAt: this.clock.now() + ms });
  }

  private cancelTimer(vmId: string): void {
    const pending = this.timers.get(vmId);
    if (pending) {
      this.clock.clearTimeout(pending.handle);
      this.timers.delete(vmId);
    }
  }

  /** Stores the new VM, hands the host to the store, then tells listeners. */
  private commit(vm: Vm): Vm {
    this.vms.set(vm.id, vm);
    this.persist();
    this.emit({ type: 'vm-changed', vm: structuredClone(vm) });
    return structuredClone(vm);
  }

  private persist(): void {
    // VMs are replaced, never mutated, so the producer sees a consistent host whenever it runs.
    this.store.save(() => ({
      version: HOST_FILE_VERSION,
      hostId: this.hostId,
      name: this.name,
      vms: [...this.vms.values()],
    }));
  }

  private emit(event: DriverEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        // One broken subscriber must not stop the others or undo a change already made.
        console.error('virtdesk: event listener failed', e);
      }
    }
  }

  private find(vmId: string): Vm {
    this.assertOpen();
    const vm = this.vms.get(vmId);
    if (!vm) throw new VirtdeskError('NOT_FOUND', `No VM with id ${quote(vmId)} on ${this.name}.`);
    return vm;
  }

  private assertOpen(): void {
    if (this.closed) throw new VirtdeskError('DISCONNECTED', `Host ${this.name} is closed.`);
  }
}
