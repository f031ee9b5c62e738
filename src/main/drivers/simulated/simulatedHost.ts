// A simulated KVM host: the built-in driver, so virtdesk is useful (and testable) without a real
// hypervisor. Each VM is kept as libvirt keeps it, a persistent and a live domain XML document
// beside its runtime state; libvirt's state machine plays on an injected clock; every change is
// handed to a store that coalesces writes, and announced as an event (and confirmed to the request
// that made it) only once the write holding it is on disk.
import type { DefineResult, DomainXml } from '../../../shared/api';
import type { DeletePlan, DiskChoice } from '../../../shared/deletePlan';
import { checkDeleteChoice, deletePlan } from '../../../shared/deletePlan';
import { VirtdeskError } from '../../../shared/errors';
import { isActive, assertLifecycle, type VmAction } from '../../../shared/lifecycle';
import { Listeners } from '../../../shared/listeners';
import type {
  Host,
  HostCapabilities,
  HostHardware,
  NewVmSpec,
  StatsTick,
  Vm,
} from '../../../shared/model';
import type { Clock } from '../clock';
import type { DisplayOps, DriverEvent, HypervisorDriver } from '../driver';
import { noScreen, vncDisplayOf } from '../common/displayChecks';
import type { ConsoleAttachment, ConsoleClient } from '../../console/consoleHub';
import type { GuestConsoleState } from './guest/guestState';
import { SimConsoles } from './consoles';
import { SimStats } from './stats';
import { checkDefinition } from '../common/defineXml';
import { afterWrite } from '../../persistence/confirm';
import type { SimCpuShape } from './hardware';
import { cpuCount, profileFor } from './hardware';
import type { Profile } from './hardware';
import { SimDevices } from './devices/simDevices';
import type { LoadedHost, SimHostFile } from './hostFile';
import { hostFileOf } from './hostFile';
import { Inventory } from './inventory';
import type { FollowUp } from './lifecycle';
import { BOOT_MS, SHUTDOWN_MS, complete, restoreState, transition } from './lifecycle';
import { checkNewVm } from '../common/newVmChecks';
import { noConsole, noSuchVm } from '../common/vmErrors';
import { seedVms } from './seed';
import type { SimVm, SimVmState } from './simVm';
import { withConfig, withRuntime } from './simVm';
import { buildVm } from './vmFactory';
import { SimSnapshots } from './snapshots';
import { StoragePools } from './storage/pools';
import { seedPools } from './storage/seedPools';
import { SimStorage } from './storage/simStorage';
import { savedStorage } from './storage/storageFile';
import type { ConsoleHandoff } from './consoles';
import { SimMigration } from './migration/simMigration';
import { SimNetworks } from './networks/simNetworks';
import { seedNetworks } from './networks/seedNetworks';
import { SimTuning } from './tuning/simTuning';
import { SimHardware } from './hardware/simHardware';
import { SIM_HOST_BRIDGES } from './networks/seedNetworks';

export const SIM_HYPERVISOR = 'QEMU/KVM 9.2 (simulated)';

/**
 * Where the host's state goes; save() may coalesce, so it takes a producer, not a value. It resolves
 * once a write holding the change is on disk and rejects when that write failed.
 */
export interface SimHostStore {
  save(snapshot: () => SimHostFile): Promise<void>;
  flush(): Promise<void>;
}

export interface SimulatedHostOptions {
  hostId: string;
  name: string;
  clock: Clock;
  store: SimHostStore;
  /** What the store read back; null or absent seeds a fresh host. */
  saved?: LoadedHost | null;
  /** Generated VMs (vm-0001…) added only when seeding a fresh host, for benchmarks. */
  seedVmsPerHost?: number;
  /** A fresh host without VMs of its own is seeded with this host's VM names (seed.ts). */
  twinOf?: string;
  /** Bench only: another CPU layout than the profile's (VIRTDESK_SIM_CPUS). */
  cpus?: SimCpuShape;
}

interface PendingTimer {
  handle: unknown;
  followUp: Exclude<FollowUp, null>;
  dueAt: number;
}

const SIM_CAPABILITIES: HostCapabilities = {
  reconnect: false,
  remove: false,
  storage: true,
  snapshots: true,
  migrate: true,
  display: true,
  networks: true,
  tuning: true,
  hardware: true,
  hostDevices: true,
};

export class SimulatedHost implements HypervisorDriver {
  readonly hostId: string;
  private readonly name: string;
  private readonly clock: Clock;
  private readonly store: SimHostStore;
  private readonly hostHardware: HostHardware;
  private readonly profile: Profile;
  private readonly inventory: Inventory;
  private readonly timers = new Map<string, PendingTimer>();
  /** Boot time left for guests paused mid-boot, so resume continues the boot, not restarts it. */
  private readonly bootLeft = new Map<string, number>();
  private readonly events = new Listeners<DriverEvent>('event');
  private readonly consoles: SimConsoles;
  private readonly stats: SimStats;
  readonly snapshots: SimSnapshots;
  private readonly pools: StoragePools;
  readonly storage: SimStorage;
  readonly hostDevices: SimDevices;
  readonly migration: SimMigration;
  readonly networks: SimNetworks;
  readonly tuning: SimTuning;
  readonly hardware: SimHardware;
  private closed = false;

  constructor(opts: SimulatedHostOptions) {
    this.hostId = opts.hostId;
    this.name = opts.name;
    this.clock = opts.clock;
    this.store = opts.store;
    this.profile = profileFor(opts.hostId, opts.cpus);
    this.hostHardware = this.profile.hardware;
    this.pools = new StoragePools(opts.name);
    this.inventory = new Inventory(opts.hostId, this.pools);
    this.storage = new SimStorage({
      hostId: opts.hostId,
      name: opts.name,
      pools: this.pools,
      inventory: this.inventory,
      find: (vmId) => this.find(vmId),
      commit: (state) => this.commit(state),
      persist: () => this.persist(),
      emit: (event) => this.emit(event),
    });
    this.networks = new SimNetworks(
      {
        hostId: opts.hostId,
        clock: opts.clock,
        vms: () => [...this.inventory.values()].map((vm) => vm.view),
        persist: () => this.persist(),
        emit: (event) => this.emit(event),
        hostChanged: () => this.emit({ type: 'host-changed', host: this.getHost() }),
      },
      opts.saved?.networks ?? seedNetworks(opts.hostId),
    );
    this.tuning = new SimTuning(
      {
        clock: opts.clock,
        hardware: this.hostHardware,
        // A hugepage-backed guest's memory is in the pools already: counting it as ordinary
        // guest memory too would show it twice.
        runningVms: () =>
          [...this.inventory.values()]
            .filter((vm) => isActive(vm.state) && !this.hardware.holdsHugepages(vm.id))
            .map((vm) => vm.view),
        persist: () => this.persist(),
        hostChanged: () => this.emit({ type: 'host-changed', host: this.getHost() }),
      },
      opts.saved?.hugepages,
    );
    this.hostDevices = new SimDevices(
      {
        name: opts.name,
        profile: this.profile,
        inventory: this.inventory,
        networks: () => this.networks.names(),
        defineNetwork: async (name, xml) => {
          await this.networks.defineXml(name, xml);
        },
        find: (vmId) => this.find(vmId),
        commit: (state) => this.commit(state),
        persist: () => this.persist(),
        emit: (event) => this.emit(event),
        hostChanged: () => ({ type: 'host-changed', host: this.getHost() }),
      },
      opts.saved?.devices,
    );
    this.hardware = new SimHardware({
      hardware: this.hostHardware,
      vms: () => this.inventory.values(),
      find: (vmId) => this.find(vmId),
      networks: () => this.networks.names(),
      bridges: () => SIM_HOST_BRIDGES,
      devices: () => this.hostDevices.devices(),
      commit: (state) => this.commit(state),
      hostChanged: () => this.emit({ type: 'host-changed', host: this.getHost() }),
    });
    this.stats = new SimStats(
      opts.clock,
      () => [...this.inventory.values()].filter((vm) => isActive(vm.state)).map((vm) => vm.view),
      Math.random,
      // The guest uses what the balloon leaves it: `setmem` moves its usage with it.
      (vmId) => this.inventory.get(vmId)?.live?.facts.currentMemoryKiB,
    );
    this.consoles = new SimConsoles({
      clock: opts.clock,
      onGuestPoweroff: (vmId) => this.guestPoweredOff(vmId),
    });
    this.snapshots = new SimSnapshots(
      {
        hostId: opts.hostId,
        clock: opts.clock,
        find: (vmId) => this.find(vmId),
        consoleState: (vmId) => this.consoles.snapshotState(vmId),
        replaceVm: (next, console) => this.replaceVm(next, console),
        persist: () => this.persist(),
        emit: (event) => this.emit(event),
      },
      opts.saved?.snapshots,
    );
    this.migration = new SimMigration({
      hostId: opts.hostId,
      name: opts.name,
      clock: opts.clock,
      hardware: this.hostHardware,
      pools: this.pools,
      consoles: this.consoles,
      find: (vmId) => this.find(vmId),
      vms: () => this.inventory.values(),
      snapshotCount: (vmId) => this.snapshots.of(vmId).list.length,
      departed: (vmId, keep) => this.departed(vmId, keep),
      arrived: (state, console, images) => this.arrived(state, console, images),
    });
    if (opts.saved) {
      this.restore(opts.saved);
    } else {
      const seeded = seedVms(
        opts.hostId,
        opts.seedVmsPerHost ?? 0,
        this.inventory.macs,
        opts.twinOf,
      );
      // All at once: a fresh host has no VM that could already name one of these images.
      // The images join the seeded `default` pool.
      this.pools.load(
        seedPools(opts.hostId),
        new Map(
          seeded.flatMap((vm) => (vm.volume ? [[vm.volume.path, vm.volume.capacityBytes]] : [])),
        ),
      );
      for (const vm of seeded) {
        const record = this.inventory.put(vm.record);
        if (isActive(record.state)) {
          this.consoles.resumeRunning(record);
          this.hardware.hold(record);
        }
      }
      void this.persist();
    }
  }

  private restore(saved: LoadedHost): void {
    // A file from before storage pools gets the seeded ones, its images joining `default`.
    this.pools.load(saved.storage ?? seedPools(this.hostId), saved.volumes);
    let changed =
      saved.upgradedFrom !== null || saved.storage === undefined || saved.networks === undefined;
    for (const vm of saved.vms) {
      const t = restoreState(vm);
      changed ||= t.state !== vm.state || t.guest !== vm.guest;
      const record = this.inventory.put(withRuntime(vm, t));
      if (isActive(record.state)) {
        this.consoles.resumeRunning(record);
        this.hardware.hold(record);
      }
      if (t.followUp) this.schedule(vm.id, t.followUp, BOOT_MS);
    }
    if (changed) void this.persist();
  }

  getHost(): Host {
    return {
      id: this.hostId,
      name: this.name,
      driver: 'simulated',
      driverLabel: 'Simulated KVM',
      capabilities: SIM_CAPABILITIES,
      uri: `sim://${this.hostId}`,
      connection: this.closed ? 'disconnected' : 'connected',
      hypervisor: SIM_HYPERVISOR,
      hardware: this.hostDevices.hardware(),
      networks: this.networks.names(),
    };
  }

  async vmList(): Promise<Vm[]> {
    this.assertOpen();
    return [...this.inventory.values()].map((vm) => structuredClone(vm.view));
  }

  async vmGet(vmId: string): Promise<Vm> {
    return structuredClone(this.find(vmId).view);
  }

  async vmCreate(spec: NewVmSpec): Promise<Vm> {
    this.assertOpen();
    checkNewVm(spec, {
      name: this.name,
      cpus: cpuCount(this.hostHardware),
      memoryKiB: this.hostHardware.memoryKiB,
      networks: this.networks.names(),
      hasVmNamed: (name) => this.inventory.hasVmNamed(name),
    });
    // Checked against the pools before anything exists; like virt-install, an image that is
    // already there is refused rather than taken over.
    const disk = this.storage.newVmDisk(spec);
    const built = buildVm(
      { ...spec, networks: [spec.network], disk: disk?.file ?? null },
      this.inventory.macs,
    );
    const config = disk ? disk.apply(built.config) : built.config;
    const others = disk ? this.inventory.refreshDisks(disk.commit()) : [];
    const views = others.map((other) => structuredClone(other.view));
    return this.commit(
      {
        id: built.id,
        state: 'shutoff',
        guest: null,
        autostart: false,
        config,
        live: null,
        pendingChanges: false,
      },
      () => {
        for (const vm of views) this.emit({ type: 'vm-changed', vm });
      },
    );
  }

  async vmDeletePlan(vmId: string): Promise<DeletePlan> {
    const vm = this.find(vmId);
    return deletePlan({ id: vm.id, name: vm.view.name }, this.storage.deleteFacts(vm));
  }

  async vmDelete(vmId: string, opts?: { disks?: readonly DiskChoice[] }): Promise<void> {
    const vm = this.find(vmId);
    assertLifecycle('delete', vm.view);
    this.snapshots.assertNone(vm);
    // Every chosen disk is checked against the host as it is now, before anything changes.
    const doomed = checkDeleteChoice(vm.view.name, this.storage.deleteFacts(vm), opts?.disks ?? []);
    this.cancelTimer(vmId);
    this.bootLeft.delete(vmId);
    this.inventory.remove(vmId);
    // Only the chosen volumes go; every other image stays where it is, merely unused.
    this.pools.removeImages(doomed.map((v) => v.path));
    await afterWrite(this.persist(), () => {
      this.emit({ type: 'vm-removed', hostId: this.hostId, vmId });
      if (doomed.length > 0) this.emit({ type: 'storage-changed', hostId: this.hostId });
    });
  }

  async vmGetXml(vmId: string): Promise<DomainXml> {
    const vm = this.find(vmId);
    return { xml: vm.config.text, liveXml: vm.live === null ? null : vm.live.text };
  }

  async vmDefineXml(vmId: string, xml: string): Promise<DefineResult> {
    const vm = this.find(vmId);
    const { tree, doc } = checkDefinition(xml, {
      id: vm.id,
      name: vm.config.facts.name,
      hostCpus: cpuCount(this.hostHardware),
    });
    const next = withConfig(vm, doc, tree);
    return { vm: await this.commit(next), appliesOnNextBoot: isActive(vm.state) };
  }

  async vmStart(vmId: string): Promise<Vm> {
    return this.act(vmId, 'start');
  }

  async vmShutdown(vmId: string): Promise<Vm> {
    return this.act(vmId, 'shutdown');
  }

  async vmReboot(vmId: string): Promise<Vm> {
    return this.act(vmId, 'reboot');
  }

  async vmForceOff(vmId: string): Promise<Vm> {
    return this.act(vmId, 'forceOff');
  }

  async vmPause(vmId: string): Promise<Vm> {
    return this.act(vmId, 'pause');
  }

  async vmResume(vmId: string): Promise<Vm> {
    return this.act(vmId, 'resume');
  }

  async attachConsole(
    vmId: string,
    client: ConsoleClient,
    cols: number,
    rows: number,
  ): Promise<ConsoleAttachment> {
    const vm = this.find(vmId);
    const attachment = this.consoles.attach(vmId, client, cols, rows);
    if (!attachment) throw noConsole(vm.view.name);
    return attachment;
  }

  readonly display: DisplayOps = {
    attach: async (vmId, client) => {
      const vm = this.find(vmId);
      const name = vm.view.name;
      if (!vm.live) throw noScreen(name);
      vncDisplayOf(vm.live.text, name);
      const attached = this.consoles.attachDisplay(vmId, name, client);
      if (!attached) throw noScreen(name);
      return attached;
    },
  };

  onStats(listener: (tick: StatsTick) => void): () => void {
    return this.stats.onStats(listener);
  }

  readonly onEvent = this.events.add;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const vmId of [...this.timers.keys()]) this.cancelTimer(vmId);
    this.consoles.closeAll();
    this.stats.stop();
    this.events.clear();
    await this.store.flush();
  }

  private act(vmId: string, action: VmAction): Promise<Vm> {
    const vm = this.find(vmId);
    assertLifecycle(action, vm.view);
    if (action === 'start') {
      // What libvirt + VFIO refuse before QEMU runs: devices gone, taken, or a group not viable.
      const refusal = this.hostDevices.startRefusal(vm) ?? this.hardware.startRefusal(vm);
      if (refusal) throw new VirtdeskError('HOST_ERROR', refusal);
    }
    const pending = this.timers.get(vmId);
    this.cancelTimer(vmId);
    if (action === 'pause' && pending?.followUp === 'boot') {
      this.bootLeft.set(vmId, Math.max(0, pending.dueAt - this.clock.now()));
    }
    const t = transition(vm, action);
    if (t.followUp === 'boot') {
      const left = action === 'resume' ? this.bootLeft.get(vmId) : undefined;
      this.schedule(vmId, 'boot', left ?? BOOT_MS);
    } else if (t.followUp === 'power-off') {
      this.schedule(vmId, 'power-off', SHUTDOWN_MS);
    }
    if (action !== 'pause') this.bootLeft.delete(vmId);
    // A crashed domain starts afresh from its persistent definition, as from shut off.
    const from = action === 'start' ? withRuntime(vm, complete('power-off')) : vm;
    const view = this.commit(withRuntime(from, t));
    this.guestSees(vmId, action);
    return view;
  }

  /** What the guest OS notices of a lifecycle action, on its serial console. */
  private guestSees(vmId: string, action: VmAction): void {
    const vm = this.inventory.get(vmId);
    if (!vm) return;
    if (action === 'start') this.consoles.powerOn(vm);
    else if (action === 'shutdown') this.consoles.acpiShutdown(vmId);
    else if (action === 'reboot') this.consoles.acpiReboot(vmId);
    else if (action === 'forceOff') this.consoles.powerOff(vmId);
    else if (action === 'pause' || action === 'resume')
      this.consoles.suspend(vmId, action === 'pause');
  }

  /** A snapshot revert: the VM becomes `next`, its guest console what the snapshot saved. */
  private replaceVm(next: SimVmState, console: GuestConsoleState | null): Promise<Vm> {
    this.cancelTimer(next.id);
    this.bootLeft.delete(next.id);
    this.consoles.powerOff(next.id);
    const view = this.commit(next);
    const vm = this.inventory.get(next.id);
    if (vm && isActive(vm.state)) {
      if (console) this.consoles.restoreState(vm, console);
      else this.consoles.resumeRunning(vm);
      if (vm.state === 'running' && vm.guest === 'booting') this.schedule(vm.id, 'boot', BOOT_MS);
    }
    return view;
  }

  /** A migration moved the VM away: undefined here, or its definition kept shut off. */
  private async departed(vmId: string, keepDefinition: boolean): Promise<void> {
    const vm = this.find(vmId);
    this.cancelTimer(vmId);
    this.bootLeft.delete(vmId);
    // Its console went with it (consoles.release); anything left here is stopped.
    this.consoles.powerOff(vmId);
    if (keepDefinition) {
      await this.commit(withRuntime(vm, complete('power-off')));
      return;
    }
    this.inventory.remove(vmId);
    const pagesBack = this.hardware.release(vmId);
    await afterWrite(this.persist(), () => {
      this.emit({ type: 'vm-removed', hostId: this.hostId, vmId });
      if (pagesBack) this.emit({ type: 'host-changed', host: this.getHost() });
    });
  }

  /** A VM migrated here: stored, its guest console (when it runs) now this host's. */
  private async arrived(
    state: SimVmState,
    console: ConsoleHandoff | null,
    newImages: boolean,
  ): Promise<void> {
    this.assertOpen();
    const committed = this.commit(state, () => {
      if (newImages) this.emit({ type: 'storage-changed', hostId: this.hostId });
    });
    const vm = this.inventory.get(state.id);
    if (vm && isActive(vm.state)) {
      if (console) this.consoles.adopt(vm.id, console, vm.state === 'paused');
      else this.consoles.resumeRunning(vm);
      if (vm.state === 'running' && vm.guest === 'booting') this.schedule(vm.id, 'boot', BOOT_MS);
    }
    await committed;
  }

  /** `poweroff` typed in the guest: libvirt sees the domain shut off. */
  private guestPoweredOff(vmId: string): void {
    const vm = this.inventory.get(vmId);
    if (!vm || this.closed || vm.state !== 'running') return;
    this.cancelTimer(vmId);
    this.commitInBackground(withRuntime(vm, complete('power-off')));
    this.consoles.powerOff(vmId);
  }

  private schedule(vmId: string, followUp: Exclude<FollowUp, null>, ms: number): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(vmId);
      const vm = this.inventory.get(vmId);
      if (vm && !this.closed) {
        this.commitInBackground(withRuntime(vm, complete(followUp)));
        if (followUp === 'power-off') this.consoles.powerOff(vmId);
      }
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

  /**
   * Stores the new state of a VM at once (later requests see it) and hands the host to the store;
   * once the write holding it is on disk, tells listeners (then runs `announce`) and resolves.
   */
  private commit(state: SimVmState, announce?: () => void): Promise<Vm> {
    const before = this.inventory.get(state.id);
    // managed='yes' devices move to vfio-pci at start and back at stop: the host shows it.
    const started = isActive(state.state) && (before === undefined || !isActive(before.state));
    const stopped = before !== undefined && isActive(before.state) && !isActive(state.state);
    const moved =
      (started || stopped) &&
      state.config.facts.hostPci.length + (before?.live?.facts.hostPci.length ?? 0) > 0;
    // Hugepages: taken from the pools at start, given back at stop (the Tuning tab shows it).
    const paged = started ? this.hardware.hold(state) : stopped && this.hardware.release(state.id);
    const view = structuredClone(this.inventory.put(state).view);
    return afterWrite(this.persist(), () => {
      this.emit({ type: 'vm-changed', vm: structuredClone(view) });
      if (moved || paged) this.emit({ type: 'host-changed', host: this.getHost() });
      announce?.();
      return view;
    });
  }

  /** A change no request waits for (a guest finishing its boot); a failed write raised the notice. */
  private commitInBackground(state: SimVmState): void {
    this.commit(state).catch(() => undefined);
  }

  /** Resolves once a write holding the host as it is now is on disk. */
  private persist(): Promise<void> {
    // Records and documents are replaced, never mutated, so the producer sees a consistent host
    // whenever it runs.
    return this.store.save(() => ({
      ...hostFileOf(
        this.hostId,
        this.name,
        this.inventory.volumes,
        this.inventory.values(),
        this.snapshots.of,
      ),
      storage: savedStorage(this.pools.list()),
      networks: this.networks.saved(),
      hugepages: this.tuning.saved(),
      devices: this.hostDevices.saved(),
    }));
  }

  private emit(event: DriverEvent): void {
    this.events.emit(event);
  }

  private find(vmId: string): SimVm {
    this.assertOpen();
    const vm = this.inventory.get(vmId);
    if (!vm) throw noSuchVm(vmId, this.name);
    return vm;
  }

  private assertOpen(): void {
    if (this.closed) throw new VirtdeskError('DISCONNECTED', `Host ${this.name} is closed.`);
  }
}
