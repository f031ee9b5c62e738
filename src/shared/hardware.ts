// A VM's hardware as the Hardware tab edits it: CPUs, vCPU pinning and NUMA, memory (balloon,
// hugepages), disks with their iothreads, NICs with multiqueue. One section is changed at a time;
// main answers with a plan first (the persistent XML before and after, each step and whether it
// applies now or at the next boot, warnings, a refusal) and applies the same change on request.
// The XML side is shared/libvirt-xml/views/domain-hardware.ts (read) and domain-hardware-edit.ts; the rules turning a change into
// steps and warnings are pure (this file and shared/pinning.ts), so both drivers give the same plan.
import type { ApiMethod } from './api';
import type { DiskBus, HugepagePool, PcpuInfo } from './model';

/** The api methods a driver serves through its optional `hardware` capability. */
export type HardwareMethod = Extract<ApiMethod, `hardware${string}`>;

export type CpuMode = 'host-passthrough' | 'host-model' | 'custom';

export interface CpuTopologySpec {
  sockets: number;
  cores: number;
  threads: number;
}

export interface CpuSettings {
  /** vCPUs online: the live count while running, else the count the VM boots with. */
  vcpus: number;
  /** <vcpu>: the most a running VM can be given (`setvcpus --live` up to it). */
  maxVcpus: number;
  mode: CpuMode;
  /** The CPU model when mode is custom; null otherwise. */
  model: string | null;
  /** sockets × cores × threads must equal maxVcpus; null leaves it to libvirt. */
  topology: CpuTopologySpec | null;
}

export type NumaMode = 'strict' | 'preferred' | 'interleave' | 'restrictive';

/** A set of host CPUs (or NUMA nodes), ascending, no duplicates. */
export type CpuSet = number[];

export interface PinningSettings {
  /** One entry per vCPU (index = vCPU id, length = maxVcpus): the pCPUs it may run on, or null
   * when it is not pinned (it may run anywhere). */
  vcpus: (CpuSet | null)[];
  /** <emulatorpin>: QEMU's own threads; null = unpinned. */
  emulator: CpuSet | null;
  /** One entry per iothread (index = iothread id − 1). */
  iothreads: (CpuSet | null)[];
  /** <numatune><memory>: where the guest's memory comes from; null = the host decides. */
  numatune: { mode: NumaMode; nodeset: CpuSet } | null;
}

export type BalloonModel = 'virtio' | 'virtio-transitional' | 'virtio-non-transitional' | 'none';

export interface MemorySettings {
  /** <currentMemory>: the balloon target, changed live with `setmem`. */
  currentKiB: number;
  /** <memory>: the most the guest can have (`setmaxmem`, next boot). */
  maxKiB: number;
  /** <memoryBacking><hugepages>: null = ordinary pages. nodeset is libvirt's <page nodeset>: the
   * GUEST NUMA nodes backed by these pages (null = all; a guest without <numa> cells has only
   * node 0). The HOST node the pages come from is numatune's nodeset (PinningSettings), which
   * the plan checks free pages against. */
  hugepages: { sizeKiB: number; nodeset: CpuSet | null } | null;
  /** <memoryBacking><locked/>: never swapped out. */
  locked: boolean;
  /** <memoryBacking><nosharepages/>: KSM leaves the guest's pages alone. */
  nosharepages: boolean;
  /** <memballoon model>; 'none' removes the balloon (the current memory then cannot change). */
  balloon: BalloonModel;
}

export type DiskCache = 'default' | 'none' | 'writethrough' | 'writeback' | 'directsync' | 'unsafe';
export type DiskIo = 'default' | 'native' | 'threads' | 'io_uring';
export type DiskDiscard = 'default' | 'unmap' | 'ignore';

export interface DiskSettings {
  /** The guest device (vda, sdb): identifies the disk, never changed here. */
  target: string;
  bus: DiskBus;
  cache: DiskCache;
  io: DiskIo;
  discard: DiskDiscard;
  /** The iothread serving it (1…iothreads, virtio-blk only); null = QEMU's main loop. */
  iothread: number | null;
}

export interface DisksSettings {
  /** <iothreads>: how many the VM has. */
  iothreads: number;
  /** Disks only (CD-ROMs are not tuned here), in the order the XML lists them. */
  disks: DiskSettings[];
}

export type MacvtapMode = 'bridge' | 'vepa' | 'private' | 'passthrough';

export type NicSource =
  | { type: 'network'; network: string }
  | { type: 'bridge'; bridge: string }
  | { type: 'direct'; dev: string; mode: MacvtapMode }
  /** A VF handed to the guest as an <interface type='hostdev'> (the passthrough work). */
  | { type: 'hostdev'; address: string };

export interface NicSettings {
  /** Identifies the NIC; never changed here. */
  mac: string;
  /** virtio, e1000e, rtl8139 …; a hostdev NIC has none (''). */
  model: string;
  /** <driver queues>: virtio multiqueue; null = one queue pair. */
  queues: number | null;
  source: NicSource;
}

export interface VmHardware {
  cpu: CpuSettings;
  pinning: PinningSettings;
  memory: MemorySettings;
  disks: DisksSettings;
  nics: NicSettings[];
}

/** Where another VM of the host (or this one's emulator/iothreads) is pinned. */
export interface HostPin {
  vmId: string;
  name: string;
  running: boolean;
  /** Every pCPU any of its vCPUs, emulator or iothreads is pinned to. */
  cpus: CpuSet;
}

/** What the Hardware tab needs to know about the host to offer choices and draw the map. */
export interface HardwareHostFacts {
  cpus: Omit<PcpuInfo, 'usagePercent'>[];
  /** The other VMs' pins (this VM excluded). */
  pins: HostPin[];
  /** CPU models the hypervisor offers for custom mode (domcapabilities), sorted. */
  cpuModels: string[];
  /** The most vCPUs the hypervisor allows one VM (domcapabilities vcpu max). */
  maxVcpus: number;
  /** Hugepage pools per NUMA node, with free pages now. */
  nodes: { id: number; hugepages: HugepagePool[] }[];
  /** What a NIC's source can be: defined networks, host bridges, host interfaces for macvtap,
   * and free VFs (PCI address, PF's interface). */
  networks: string[];
  bridges: string[];
  interfaces: string[];
  vfs: { address: string; pf: string }[];
}

export interface HardwareView {
  hardware: VmHardware;
  host: HardwareHostFacts;
  /** True when the VM runs: some steps apply now, the rest at the next boot. */
  running: boolean;
}

export type HardwareSection = 'cpu' | 'pinning' | 'memory' | 'disks' | 'nics';

/** One section replaced by the values the user chose (the other sections stay as they are). */
export type HardwareChange =
  | { section: 'cpu'; cpu: CpuSettings }
  | { section: 'pinning'; pinning: PinningSettings }
  | { section: 'memory'; memory: MemorySettings }
  | { section: 'disks'; disks: DisksSettings }
  | { section: 'nics'; nics: NicSettings[] };

/** What a running VM is told at once (virsh verb with --live); the definition is `define`d. */
export type LiveVerb =
  | { verb: 'setvcpus'; count: number }
  | { verb: 'setmem'; kib: number }
  | { verb: 'vcpupin'; vcpu: number; cpus: CpuSet | null }
  | { verb: 'emulatorpin'; cpus: CpuSet | null }
  | { verb: 'iothreadpin'; iothread: number; cpus: CpuSet | null }
  | { verb: 'iothreadadd'; iothread: number }
  | { verb: 'iothreaddel'; iothread: number }
  | { verb: 'numatune'; mode: NumaMode; nodeset: CpuSet };

export interface HardwareStep {
  /** In words: "vCPU 3 pinned to CPU 14", "Memory 4 GiB → 2 GiB". */
  text: string;
  /** 'now': the running VM gets it at once (and the definition keeps it); 'next-boot': only the
   * definition changes, and a running VM sees it when it next boots. A shut-off VM's steps are all
   * 'next-boot' without a live verb. */
  when: 'now' | 'next-boot';
  /** The verb that applies it to the running VM, when `when` is 'now'. */
  live: LiveVerb | null;
}

export interface HardwarePlan {
  /** The persistent definition now and after the change (the diff the dialog shows). */
  xmlBefore: string;
  xmlAfter: string;
  steps: HardwareStep[];
  /** Allowed but worth knowing before Apply (pins shared with a running VM, memory strict on
   * one node while vCPUs sit on another, hugepages short …). */
  warnings: string[];
  /** Why Apply would be refused (libvirt's words where libvirt has them); null when it may go. */
  refusal: string | null;
}

export interface HardwareApplied {
  view: HardwareView;
  /** The steps that ran. */
  steps: HardwareStep[];
}
