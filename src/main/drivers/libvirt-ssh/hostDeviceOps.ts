// PCI passthrough on a libvirt host (HostDeviceOps) through its virsh session: one round trip for
// `capabilities` (<iommu support=…>, CPU vendor) and the PCI and net node device names, a second
// for every device's `nodedev-dumpxml`. Assignments are checked with the shared rules first
// (shared/hostDevices.ts), so a refusal (IOMMU off…) comes before libvirt is asked and changes
// nothing; then `attach-device` / `detach-device` with the element on stdin, `--config` and, while
// the domain runs, `--live`. managed='yes' lets libvirt do nodedev-detach/reattach itself.
import type { Params, Result } from '../../../shared/api';
import { VirtdeskError } from '../../../shared/errors';
import type {
  AssignCheck,
  HostDeviceInventory,
  HostDeviceMethod,
  HostFacts,
  VmFacts,
} from '../../../shared/hostDevices';
import { checkAssign, checkBind, cpuVendorOf } from '../../../shared/hostDevices';
import { isActive } from '../../../shared/lifecycle';
import {
  elementXml,
  parseXml,
  readCapabilities,
  readNodedev,
  vfNetworkElement,
} from '../../../shared/libvirt-xml';
import type { Host, NumaNode, PciDevice } from '../../../shared/model';
import { vmGone } from '../common/vmErrors';
import { assignElements, hostPciElements } from '../common/hostPciXml';
import { assignableMembers, inventoryOf, vfNetworkPf, vmFactsOf } from '../common/hostDeviceFacts';
import { pciUsers, withUsers } from '../common/hostPciUsers';
import { allocateMac } from '../common/macs';
import type { DriverEvent, HostDeviceOps } from '../driver';
import type { Virsh } from './domain';
import { pciDeviceOf } from './nodeDevice';
import { virshLine } from './quote';
import type { ExecTarget } from './storageWrites';
import { virshWithStdin } from './storageWrites';
import type { HostTransport } from './transport';
import type { DomainRecord } from './vmRecord';
import { stdoutOf } from './virsh';

export interface HostDevicesHost {
  names(): { hostId: string; hostName: string };
  virsh(): Virsh;
  domains(): DomainRecord[];
  /** The host's NUMA nodes as read at connect. */
  numaNodes(): NumaNode[];
  emit(event: DriverEvent): void;
  getHost(): Host;
  exec(): { transport: HostTransport; virshUri: string };
  find(vmId: string): DomainRecord;
  reread(vmId: string): Promise<DomainRecord | null>;
  /** A VF network was defined: the host's networks (the Networks tab, New VM) know it now. */
  networkDefined(name: string): void;
}

type Ops = { [M in HostDeviceMethod]: HostDeviceOps[M] };
type In<M extends HostDeviceMethod> = Omit<Params<M>, 'hostId'>;

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** 'pci_0000_41_00_0' → '0000:41:00.0'. */
function addressOfNodedevName(name: string | undefined): string | undefined {
  const m = /^pci_([0-9a-f]{4})_([0-9a-f]{2})_([0-9a-f]{2})_([0-7])$/.exec(name ?? '');
  return m ? `${m[1]}:${m[2]}:${m[3]}.${m[4]}` : undefined;
}

export interface NodeDeviceFacts {
  iommu: boolean;
  cpuVendor: HostFacts['cpuVendor'];
  devices: PciDevice[];
}

/** The host's IOMMU state, CPU vendor and PCI devices (with PFs' interface names), now. */
export async function readNodeDevices(virsh: Virsh): Promise<NodeDeviceFacts> {
  const [capsR, pciR, netR] = await virsh.batch([
    virshLine('capabilities'),
    virshLine('nodedev-list', ['--cap', 'pci']),
    virshLine('nodedev-list', ['--cap', 'net']),
  ]);
  const capsOut = stdoutOf(capsR, 'HOST_ERROR', 'no capabilities');
  const pciOut = stdoutOf(pciR, 'HOST_ERROR', 'no PCI node devices');
  const caps = readCapabilities(parseXml(capsOut, { root: 'capabilities' }));
  const pciNames = lines(pciOut);
  const netNames = netR?.ok ? lines(netR.stdout) : [];
  const xmls = await virsh.batch(
    [...pciNames, ...netNames].map((n) => virshLine('nodedev-dumpxml', ['--device', n])),
  );
  const devices: PciDevice[] = [];
  const netdevOf = new Map<string, string>();
  xmls.forEach((r, i) => {
    // A device unplugged between the two calls is simply not there any more.
    if (!r.ok) return;
    if (i < pciNames.length) {
      const d = pciDeviceOf(r.stdout);
      if (d) devices.push(d);
      return;
    }
    const view = readNodedev(parseXml(r.stdout, { root: 'device' }));
    const parent = addressOfNodedevName(view.parent);
    if (parent && view.net?.interface) netdevOf.set(parent, view.net.interface);
  });
  return {
    iommu: caps.iommu === true,
    cpuVendor: cpuVendorOf(`${caps.cpu.vendor ?? ''} ${caps.cpu.model ?? ''}`),
    devices: devices.map((d) => {
      const netdev = netdevOf.get(d.address);
      return netdev ? { ...d, netdev } : d;
    }),
  };
}

export class SshHostDevices implements Ops {
  constructor(private readonly host: HostDevicesHost) {}

  private async facts(): Promise<HostFacts> {
    const read = await readNodeDevices(this.host.virsh());
    const users = pciUsers(this.host.domains().map((r) => ({ ...r, name: r.view.name })));
    return {
      name: this.host.names().hostName,
      iommu: read.iommu,
      cpuVendor: read.cpuVendor,
      devices: withUsers(read.devices, users),
    };
  }

  private vmFacts(r: DomainRecord): VmFacts {
    return vmFactsOf(r, this.host.numaNodes());
  }

  private channel(): ExecTarget {
    return { ...this.host.exec(), hostName: this.host.names().hostName };
  }

  async hostDeviceList(_p: In<'hostDeviceList'> = {}): Promise<HostDeviceInventory> {
    return inventoryOf(await this.facts(), false);
  }

  async hostDeviceCheck(p: In<'hostDeviceCheck'>): Promise<AssignCheck> {
    return checkAssign(await this.facts(), this.vmFacts(this.host.find(p.vmId)), p);
  }

  async hostDeviceAssign(p: In<'hostDeviceAssign'>): Promise<Result<'hostDeviceAssign'>> {
    const vm = this.host.find(p.vmId);
    const members = assignableMembers(await this.facts(), this.vmFacts(vm), p);
    const taken = new Set(
      this.host
        .domains()
        .flatMap((r) => [r.config, r.live].flatMap((d) => d?.facts.nics ?? []))
        .map((n) => n.mac),
    );
    const mac = p.as === 'interface' ? (p.mac ?? allocateMac(taken)) : null;
    const live = isActive(vm.state) && vm.live !== null;
    const flags = ['--config', ...(live ? ['--live'] : [])];
    try {
      for (const e of assignElements(p, mac, members))
        await virshWithStdin(
          this.channel(),
          ['attach-device', '--domain', vm.id, '--file', '/dev/stdin', ...flags],
          elementXml(e),
          'assigning a host device',
        );
    } finally {
      await this.host.reread(vm.id).catch(() => null);
    }
    const r = this.host.find(vm.id);
    return { vm: structuredClone(r.view), assigned: [p.address, ...members], live };
  }

  async hostDeviceRemove(p: In<'hostDeviceRemove'>): Promise<Result<'hostDeviceRemove'>> {
    const vm = this.host.find(p.vmId);
    const live = isActive(vm.state) && vm.live !== null;
    const inConfig = hostPciElements(parseXml(vm.config.text, { root: 'domain' }), p.address);
    const inLive =
      live && vm.live ? hostPciElements(parseXml(vm.live.text, { root: 'domain' }), p.address) : [];
    const element = inConfig[0] ?? inLive[0];
    if (!element)
      throw new VirtdeskError('NOT_FOUND', `${p.address} is not assigned to ${vm.view.name}.`);
    const flags = [
      ...(inConfig.length > 0 ? ['--config'] : []),
      ...(inLive.length > 0 ? ['--live'] : []),
    ];
    try {
      await virshWithStdin(
        this.channel(),
        ['detach-device', '--domain', vm.id, '--file', '/dev/stdin', ...flags],
        elementXml(element),
        'removing a host device',
      );
    } finally {
      await this.host.reread(vm.id).catch(() => null);
    }
    const r = await this.host.reread(vm.id);
    if (!r) throw vmGone(vm.view.name, this.host.names().hostName);
    return { vm: structuredClone(r.view), live: inLive.length > 0 };
  }

  async hostDeviceSetVfCount(_p: In<'hostDeviceSetVfCount'>): Promise<HostDeviceInventory> {
    throw new VirtdeskError(
      'UNSUPPORTED',
      `Changing a VF count on ${this.host.names().hostName} means writing sriov_numvfs in sysfs as root, which libvirt does not do: not available yet.`,
    );
  }

  /** `nodedev-detach` (to vfio-pci) or `nodedev-reattach`, after the shared checks. */
  async hostDeviceBind(p: In<'hostDeviceBind'>): Promise<HostDeviceInventory> {
    const problem = checkBind(await this.facts(), p.address, p.driver);
    if (problem) throw new VirtdeskError(problem.code, problem.message);
    const name = `pci_${p.address.replace(/[:.]/g, '_')}`;
    await this.host
      .virsh()
      .call(
        virshLine(p.driver === 'vfio-pci' ? 'nodedev-detach' : 'nodedev-reattach', [
          '--device',
          name,
        ]),
      );
    this.host.emit({ type: 'host-changed', host: this.host.getHost() });
    return this.hostDeviceList();
  }

  async hostDeviceCreateVfNetwork(
    p: In<'hostDeviceCreateVfNetwork'>,
  ): Promise<Result<'hostDeviceCreateVfNetwork'>> {
    const pf = vfNetworkPf((await this.facts()).devices, p.address);
    const xml = elementXml(vfNetworkElement(p.name, pf.netdev));
    await virshWithStdin(
      this.channel(),
      ['net-define', '--file', '/dev/stdin'],
      xml,
      'defining a network',
    );
    this.host.networkDefined(p.name);
    return { name: p.name, xml };
  }
}
