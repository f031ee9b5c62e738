// The simulated host's hostDevices capability: its profile's PCI devices with the VF counts the
// user set, who uses each device (from every VM's persistent and live definitions), and the driver
// bound now: a device a running VM holds with managed='yes' is on vfio-pci (libvirt detached it at
// start and reattaches it at stop), every other one on its profile's driver. Assignments are the
// shared rules (shared/hostDevices.ts) applied to that state, then the documents libvirt would
// write.
import type { Params, Result } from '../../../../shared/api';
import { VirtdeskError } from '../../../../shared/errors';
import type {
  AssignCheck,
  HostBinding,
  HostDevice,
  HostDeviceInventory,
  HostDeviceMethod,
  HostFacts,
  VmFacts,
} from '../../../../shared/hostDevices';
import {
  checkAssign,
  checkBind,
  checkVfCount,
  cpuVendorOf,
  startRefusal,
} from '../../../../shared/hostDevices';
import { isActive } from '../../../../shared/lifecycle';
import { elementXml, vfNetworkElement } from '../../../../shared/libvirt-xml';
import { indentTree } from '../../../../shared/libvirt-xml/build';
import type { HostHardware, PciDevice, Vm } from '../../../../shared/model';
import { afterWrite } from '../../../persistence/confirm';
import { domainDocOf, sameDefinition } from '../../common/domainDoc';
import type { DomainDoc } from '../../common/domainDoc';
import { assignElements, withHostPci, withoutHostPci } from '../../common/hostPciXml';
import { allocateMac } from '../../common/macs';
import {
  assignableMembers,
  inventoryOf,
  vfNetworkPf,
  vmFactsOf,
} from '../../common/hostDeviceFacts';
import { pciUsers, withUsers } from '../../common/hostPciUsers';
import type { DriverEvent, HostDeviceOps } from '../../driver';
import type { Profile } from '../hardware';
import { vfDevices } from '../hardware';
import type { Inventory } from '../inventory';
import type { SimVm, SimVmState } from '../simVm';
import type { SavedDevices } from './devicesFile';

/** What the simulated host lends its devices. */
export interface DevicesHost {
  readonly name: string;
  readonly profile: Profile;
  readonly inventory: Inventory;
  /** Every network name the host has. */
  networks(): string[];
  /** Defines a network (inactive) from its XML: the host's networks keep it. */
  defineNetwork(name: string, xml: string): Promise<void>;
  find(vmId: string): SimVm;
  commit(state: SimVmState): Promise<Vm>;
  persist(): Promise<void>;
  emit(event: DriverEvent): void;
  hostChanged(): DriverEvent;
}

type Ops = { [M in HostDeviceMethod]: HostDeviceOps[M] };
type In<M extends HostDeviceMethod> = Omit<Params<M>, 'hostId'>;

export class SimDevices implements Ops {
  private readonly vfCounts: Map<string, number>;
  private readonly bindings: Map<string, HostBinding>;

  constructor(
    private readonly host: DevicesHost,
    saved?: SavedDevices,
  ) {
    this.vfCounts = new Map(Object.entries(saved?.vfCounts ?? {}));
    this.bindings = new Map(Object.entries(saved?.bindings ?? {}));
  }

  /** The saved form. */
  saved(): SavedDevices {
    return {
      vfCounts: Object.fromEntries(this.vfCounts),
      bindings: Object.fromEntries(this.bindings),
    };
  }

  /** The hardware as the host has it now: VF counts applied, drivers bound now. */
  hardware(): HostHardware {
    const hw = this.host.profile.hardware;
    return {
      ...structuredClone(hw),
      pciDevices: this.devices().map(({ users: _u, vfIndex: _i, ...d }) => d),
    };
  }

  /** Every device with its users, in IOMMU group order. */
  devices(): HostDevice[] {
    const { hardware, layouts } = this.host.profile;
    const withVfs: PciDevice[] = [];
    for (const d of hardware.pciDevices) {
      if (d.sriov?.role === 'vf') continue;
      const layout = layouts.find((l) => l.pf === d.address);
      if (!layout || d.sriov?.role !== 'pf') {
        withVfs.push(structuredClone(d));
        continue;
      }
      const vfs = vfDevices(layout, this.vfCounts.get(d.address) ?? d.sriov.vfs.length);
      withVfs.push({
        ...structuredClone(d),
        sriov: { ...d.sriov, vfs: vfs.map((v) => v.address) },
      });
      withVfs.push(...vfs);
    }
    const users = pciUsers(
      [...this.host.inventory.values()].map((vm) => ({ ...vm, name: vm.view.name })),
    );
    // managed='yes': libvirt moved the device to vfio-pci when the VM holding it started.
    return withUsers(withVfs, users, (d, u) => {
      if (u.some((x) => x.running && x.managed)) return 'vfio-pci';
      const bound = this.bindings.get(d.address);
      if (bound === 'vfio-pci') return 'vfio-pci';
      return bound === 'host' ? (this.host.profile.hostDrivers[d.address] ?? d.driver) : d.driver;
    });
  }

  private facts(devices = this.devices()): HostFacts {
    return {
      name: this.host.name,
      iommu: true,
      cpuVendor: cpuVendorOf(this.host.profile.hardware.cpuModel),
      devices,
      disabledVfOf: (address) => this.disabledVfOf(address),
    };
  }

  /** The PF a missing address would be a VF of, had it more VFs enabled. */
  private disabledVfOf(address: string): string | undefined {
    for (const l of this.host.profile.layouts) {
      const pf = this.host.profile.hardware.pciDevices.find((d) => d.address === l.pf);
      if (pf?.sriov?.role !== 'pf') continue;
      if (vfDevices(l, pf.sriov.maxVfs).some((v) => v.address === address)) return l.pf;
    }
    return undefined;
  }

  private vmFacts(vm: SimVm): VmFacts {
    return vmFactsOf(vm, this.host.profile.hardware.numaNodes);
  }

  /** libvirt's refusal to start `vm` with its host devices as the host is now; null: it may. */
  startRefusal(vm: SimVmState): string | null {
    return startRefusal(this.facts(), vm, vm.config.facts.hostPci);
  }

  async hostDeviceList(_p: In<'hostDeviceList'> = {}): Promise<HostDeviceInventory> {
    return inventoryOf(this.facts(), true);
  }

  async hostDeviceCheck(p: In<'hostDeviceCheck'>): Promise<AssignCheck> {
    return checkAssign(this.facts(), this.vmFacts(this.host.find(p.vmId)), p);
  }

  async hostDeviceAssign(p: In<'hostDeviceAssign'>): Promise<Result<'hostDeviceAssign'>> {
    const vm = this.host.find(p.vmId);
    const members = assignableMembers(this.facts(), this.vmFacts(vm), p);
    const mac = p.as === 'interface' ? (p.mac ?? allocateMac(this.host.inventory.macs)) : null;
    const live = isActive(vm.state) && vm.live !== null;
    const edit = (doc: DomainDoc): DomainDoc => {
      const elements = assignElements(p, mac, members);
      for (const e of elements) indentTree(e, 2);
      return domainDocOf(withHostPci(doc.text, elements));
    };
    const config = edit(vm.config);
    const liveDoc = live && vm.live ? edit(vm.live) : vm.live;
    const view = await this.commitVm(vm, config, liveDoc, live);
    return { vm: view, assigned: [p.address, ...members], live };
  }

  async hostDeviceRemove(p: In<'hostDeviceRemove'>): Promise<Result<'hostDeviceRemove'>> {
    const vm = this.host.find(p.vmId);
    const device = this.devices().find((d) => d.address === p.address);
    const live = isActive(vm.state) && vm.live !== null;
    const inLive = vm.live?.facts.hostPci.some((a) => a.address === p.address) === true;
    if (live && inLive && device?.pciClass === 'display')
      throw new VirtdeskError(
        'INVALID_STATE',
        `${vm.view.name} is running: a GPU can be removed only while the VM is shut off.`,
      );
    const config = withoutHostPci(vm.config.text, p.address);
    const liveTree = live && vm.live ? withoutHostPci(vm.live.text, p.address) : null;
    if (!config && !liveTree)
      throw new VirtdeskError('NOT_FOUND', `${p.address} is not assigned to ${vm.view.name}.`);
    const view = await this.commitVm(
      vm,
      config ? domainDocOf(config) : vm.config,
      liveTree ? domainDocOf(liveTree) : vm.live,
      liveTree !== null,
    );
    return { vm: view, live: liveTree !== null };
  }

  async hostDeviceSetVfCount(p: In<'hostDeviceSetVfCount'>): Promise<HostDeviceInventory> {
    const devices = this.devices();
    const pf = devices.find((d) => d.address === p.address);
    const problem = checkVfCount(pf, p.count, devices);
    if (problem)
      throw new VirtdeskError(pf?.sriov?.role === 'pf' ? 'CONFLICT' : 'INVALID_INPUT', problem);
    if (pf?.sriov?.role === 'pf' && pf.sriov.vfs.length !== p.count) {
      this.vfCounts.set(p.address, p.count);
      await afterWrite(this.host.persist(), () => this.host.emit(this.host.hostChanged()));
    }
    return this.hostDeviceList();
  }

  async hostDeviceBind(p: In<'hostDeviceBind'>): Promise<HostDeviceInventory> {
    const problem = checkBind(this.facts(), p.address, p.driver);
    if (problem) throw new VirtdeskError(problem.code, problem.message);
    this.bindings.set(p.address, p.driver);
    await afterWrite(this.host.persist(), () => this.host.emit(this.host.hostChanged()));
    return this.hostDeviceList();
  }

  async hostDeviceCreateVfNetwork(
    p: In<'hostDeviceCreateVfNetwork'>,
  ): Promise<Result<'hostDeviceCreateVfNetwork'>> {
    const pf = vfNetworkPf(this.devices(), p.address);
    if (this.host.networks().includes(p.name))
      throw new VirtdeskError(
        'CONFLICT',
        `A network named ${p.name} already exists on ${this.host.name}.`,
      );
    const xml = elementXml(vfNetworkElement(p.name, pf.netdev));
    await this.host.defineNetwork(p.name, xml);
    return { name: p.name, xml };
  }

  /** Stores the VM's new documents; a live change also moves drivers, which the host shows. */
  private async commitVm(
    vm: SimVm,
    config: DomainDoc,
    live: DomainDoc | null,
    liveChanged: boolean,
  ): Promise<Vm> {
    const next: SimVmState = {
      ...vm,
      config,
      live,
      pendingChanges: live !== null && !sameDefinition(config, live),
    };
    const view = await this.host.commit(next);
    if (liveChanged) this.host.emit(this.host.hostChanged());
    return view;
  }
}
