// The simulated host's hardware capability (HardwareOps): a VM's Hardware tab read from its
// documents, planned with the shared rules (common/hardwarePlan.ts) against facts drawn from the
// host's profile, and applied as libvirt would: the persistent definition `define`d (the same
// check vmDefineXml makes), the plan's live steps written into the running VM's live definition.
// It also plays libvirt's part at start for hugepage-backed guests: pages must be free on the
// nodes the memory is bound to, are taken from the Tuning tab's pools while the VM runs, and are
// given back when it stops.
import type {
  CpuSet,
  HardwareApplied,
  HardwareChange,
  HardwareHostFacts,
  HardwareMethod,
  HardwarePlan,
  HardwareView,
  HostPin,
  LiveVerb,
  VmHardware,
} from '../../../../shared/hardware';
import { VirtdeskError } from '../../../../shared/errors';
import { memoryNodes, pinnedCpus } from '../../../../shared/hardwareRules';
import type { HostDevice } from '../../../../shared/hostDevices';
import { cpuVendorOf } from '../../../../shared/hostDevices';
import { isActive } from '../../../../shared/lifecycle';
import { applyHardwareChange, readHardware } from '../../../../shared/libvirt-xml';
import type { HostHardware, Vm } from '../../../../shared/model';
import { pageSizeText, pcpusOf } from '../../../../shared/tuning';
import { planHardware } from '../../common/hardwarePlan';
import { checkDefinition } from '../../common/defineXml';
import { parseDomainDoc, sameDefinition } from '../../common/domainDoc';
import type { HardwareOps } from '../../driver';
import type { SimVm, SimVmState } from '../simVm';
import { withConfig } from '../simVm';

export interface HardwareHost {
  /** The host's hardware: its NUMA nodes' hugepage pools are the Tuning tab's, updated in place. */
  readonly hardware: HostHardware;
  vms(): Iterable<SimVm>;
  find(vmId: string): SimVm;
  networks(): string[];
  bridges(): readonly string[];
  /** Host PCI devices with their users (free VFs, PF interface names for macvtap). */
  devices(): HostDevice[];
  commit(state: SimVmState): Promise<Vm>;
  hostChanged(): void;
}

/** QEMU's q35 machine limit, which `virsh domcapabilities` reports as <vcpu max='288'/>. */
const QEMU_MAX_VCPUS = 288;

// What `virsh domcapabilities` lists as usable custom models on these CPUs (plus QEMU's generic
// ones): an Ice Lake Xeon runs every Intel model up to Icelake-Server, a Rome EPYC up to EPYC-Rome.
const GENERIC_MODELS = ['kvm32', 'kvm64', 'qemu32', 'qemu64'];
const INTEL_MODELS = [
  'Broadwell',
  'Broadwell-noTSX',
  'Cascadelake-Server',
  'Cascadelake-Server-noTSX',
  'Haswell',
  'Haswell-noTSX',
  'Icelake-Server',
  'Icelake-Server-noTSX',
  'IvyBridge',
  'Nehalem',
  'Penryn',
  'SandyBridge',
  'Skylake-Client',
  'Skylake-Server',
  'Westmere',
];
const AMD_MODELS = ['EPYC', 'EPYC-IBPB', 'EPYC-Rome', 'Opteron_G1', 'Opteron_G2', 'Opteron_G3'];

/** Pages one VM holds from one node's pool. */
interface Held {
  node: number;
  sizeKiB: number;
  pages: number;
}

type Ops = { [M in HardwareMethod]: HardwareOps[M] };

export class SimHardware implements Ops {
  /** Hugepages each running VM took at start, given back when it stops. */
  private readonly held = new Map<string, Held[]>();

  constructor(private readonly host: HardwareHost) {}

  async hardwareGet({ vmId }: { vmId: string }): Promise<HardwareView> {
    const vm = this.host.find(vmId);
    return {
      hardware: readHardware(vm.config.text, vm.live?.text ?? null),
      host: this.facts(vm),
      running: isActive(vm.state),
    };
  }

  async hardwarePlan({
    vmId,
    change,
  }: {
    vmId: string;
    change: HardwareChange;
  }): Promise<HardwarePlan> {
    return this.plan(this.host.find(vmId), change);
  }

  async hardwareApply({
    vmId,
    change,
  }: {
    vmId: string;
    change: HardwareChange;
  }): Promise<HardwareApplied> {
    const vm = this.host.find(vmId);
    const plan = this.plan(vm, change);
    if (plan.refusal !== null) throw new VirtdeskError('INVALID_INPUT', plan.refusal);
    // The same gate `virsh define` passes in vmDefineXml: name and uuid kept, a sane <vcpu>.
    const { tree, doc } = checkDefinition(plan.xmlAfter, {
      id: vm.id,
      name: vm.config.facts.name,
      hostCpus: this.host.hardware.numaNodes.reduce((s, n) => s + n.cpus.length, 0),
    });
    let next = withConfig(vm, doc, tree);
    const verbs = plan.steps.flatMap((s) => (s.when === 'now' && s.live !== null ? [s.live] : []));
    if (vm.live !== null && verbs.length > 0) {
      const live = parseDomainDoc(liveAfter(vm.live.text, verbs)).doc;
      next = { ...next, live, pendingChanges: !sameDefinition(next.config, live, tree) };
    }
    await this.host.commit(next);
    return { view: await this.hardwareGet({ vmId }), steps: plan.steps };
  }

  /**
   * libvirt's (QEMU's) refusal to start a VM whose hugepages are not free on the nodes its memory
   * may come from; null when it may start.
   */
  startRefusal(vm: SimVmState): string | null {
    const need = this.pagesFor(vm.config.text);
    if (need === null) return null;
    const pools = this.pools(need.nodes, need.sizeKiB);
    if (pools.length === 0)
      return `unsupported configuration: hugepages: unable to find any usable hugetlbfs mount for ${need.sizeKiB} KiB`;
    const free = pools.reduce((s, p) => s + p.free, 0);
    if (free >= need.pages) return null;
    const where =
      need.nodes.length === 1 ? `node ${need.nodes[0]}` : `nodes ${need.nodes.join(',')}`;
    return (
      `internal error: QEMU unexpectedly closed the monitor (vm='${vm.config.facts.name}'): ` +
      'qemu-system-x86_64: unable to map backing store for guest RAM: Cannot allocate memory ' +
      `(it needs ${need.pages} pages of ${pageSizeText(need.sizeKiB)} on ${where}; ${free} are free)`
    );
  }

  /** A VM became active: it takes its pages (as many as are free). True when a pool changed. */
  hold(vm: SimVmState): boolean {
    if (this.held.has(vm.id)) return false;
    const need = this.pagesFor((vm.live ?? vm.config).text);
    if (need === null) return false;
    let left = need.pages;
    const taken: Held[] = [];
    for (const { node, pool } of this.pools(need.nodes, need.sizeKiB)) {
      const pages = Math.min(left, pool.free);
      if (pages <= 0) continue;
      pool.free -= pages;
      left -= pages;
      taken.push({ node, sizeKiB: need.sizeKiB, pages });
    }
    this.held.set(vm.id, taken);
    return taken.length > 0;
  }

  /** Whether a running VM's memory is hugepages it took from the pools (not ordinary memory). */
  holdsHugepages(vmId: string): boolean {
    return (this.held.get(vmId)?.length ?? 0) > 0;
  }

  /** A VM stopped (or left the host): its pages go back to the pools. True when a pool changed. */
  release(vmId: string): boolean {
    const taken = this.held.get(vmId);
    this.held.delete(vmId);
    if (taken === undefined || taken.length === 0) return false;
    for (const t of taken) {
      const pool = this.host.hardware.numaNodes
        .find((n) => n.id === t.node)
        ?.hugepages.find((p) => p.sizeKiB === t.sizeKiB);
      if (pool) pool.free = Math.min(pool.total, pool.free + t.pages);
    }
    return true;
  }

  private plan(vm: SimVm, change: HardwareChange): HardwarePlan {
    return planHardware({
      name: vm.view.name,
      xml: vm.config.text,
      liveXml: vm.live?.text ?? null,
      change,
      host: this.facts(vm),
    });
  }

  /** The host as the Hardware tab sees it from `vm`: the other VMs' pins, free VFs, pools now. */
  private facts(vm: SimVm): HardwareHostFacts {
    const hw = this.host.hardware;
    const cpus = pcpusOf(hw);
    const vendor = cpuVendorOf(hw.cpuModel);
    const models = vendor === 'intel' ? INTEL_MODELS : vendor === 'amd' ? AMD_MODELS : [];
    const devices = this.host.devices();
    const pfName = new Map(devices.map((d) => [d.address, d.netdev ?? d.address]));
    return {
      cpus,
      pins: this.pins(vm.id),
      cpuModels: [...models, ...GENERIC_MODELS].sort(),
      // The simulated host, like its define check, gives a VM no more vCPUs than it has CPUs.
      maxVcpus: Math.min(QEMU_MAX_VCPUS, cpus.length),
      nodes: hw.numaNodes.map((n) => ({ id: n.id, hugepages: n.hugepages.map((p) => ({ ...p })) })),
      networks: this.host.networks(),
      bridges: [...this.host.bridges()],
      interfaces: devices.flatMap((d) => (d.netdev ? [d.netdev] : [])).sort(),
      vfs: devices.flatMap((d) =>
        d.sriov?.role === 'vf' && d.users.length === 0
          ? [{ address: d.address, pf: pfName.get(d.sriov.pf) ?? d.sriov.pf }]
          : [],
      ),
    };
  }

  /** Where every other VM pins something, from the definition it runs on (else its persistent). */
  private pins(self: string): HostPin[] {
    const out: HostPin[] = [];
    for (const vm of this.host.vms()) {
      if (vm.id === self) continue;
      const doc = vm.live ?? vm.config;
      if (!doc.text.includes('<cputune')) continue;
      const cpus = pinnedCpus(readHardware(doc.text, null).pinning);
      if (cpus.length > 0)
        out.push({ vmId: vm.id, name: vm.view.name, running: isActive(vm.state), cpus });
    }
    return out;
  }

  private pagesFor(xml: string): { sizeKiB: number; pages: number; nodes: number[] } | null {
    const hw: VmHardware = readHardware(xml, null);
    const h = hw.memory.hugepages;
    if (h === null) return null;
    const ids = this.host.hardware.numaNodes.map((n) => n.id);
    return {
      sizeKiB: h.sizeKiB,
      pages: Math.ceil(hw.memory.maxKiB / h.sizeKiB),
      nodes: memoryNodes(hw.pinning.numatune, ids),
    };
  }

  /** The pools of one size on these nodes, in node order (the kernel's fallback order). */
  private pools(nodes: readonly number[], sizeKiB: number) {
    return this.host.hardware.numaNodes
      .filter((n) => nodes.includes(n.id))
      .flatMap((n) => {
        const pool = n.hugepages.find((p) => p.sizeKiB === sizeKiB);
        return pool ? [{ node: n.id, pool, free: pool.free }] : [];
      });
  }
}

/** The live definition after the plan's live verbs, each written where libvirt records it. */
export function liveAfter(liveXml: string, verbs: readonly LiveVerb[]): string {
  let xml = liveXml;
  const hw = () => readHardware(xml, null);
  const change = (c: HardwareChange) => {
    xml = applyHardwareChange(xml, c);
  };
  for (const v of verbs) {
    switch (v.verb) {
      case 'setvcpus':
        change({ section: 'cpu', cpu: { ...hw().cpu, vcpus: v.count } });
        break;
      case 'setmem':
        change({ section: 'memory', memory: { ...hw().memory, currentKiB: v.kib } });
        break;
      case 'vcpupin': {
        const p = hw().pinning;
        const vcpus = p.vcpus.map((s, i): CpuSet | null => (i === v.vcpu ? v.cpus : s));
        change({ section: 'pinning', pinning: { ...p, vcpus } });
        break;
      }
      case 'emulatorpin':
        change({ section: 'pinning', pinning: { ...hw().pinning, emulator: v.cpus } });
        break;
      case 'iothreadpin': {
        const p = hw().pinning;
        const iothreads = p.iothreads.map((s, i) => (i === v.iothread - 1 ? v.cpus : s));
        change({ section: 'pinning', pinning: { ...p, iothreads } });
        break;
      }
      case 'numatune':
        change({
          section: 'pinning',
          pinning: { ...hw().pinning, numatune: { mode: v.mode, nodeset: v.nodeset } },
        });
        break;
      case 'iothreadadd':
      case 'iothreaddel': {
        const d = hw().disks;
        const iothreads = v.verb === 'iothreadadd' ? d.iothreads + 1 : d.iothreads - 1;
        change({ section: 'disks', disks: { ...d, iothreads } });
        break;
      }
    }
  }
  return xml;
}
