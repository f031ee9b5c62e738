// The data virtdesk shows, the same whichever driver serves a host. Data only: no behaviour.
// Conventions: sizes carry their unit in the name (memoryKiB, capacityBytes) because libvirt mixes
// units; a VM is addressed by its UUID (`id`), never by its name, so renames and hostile names
// cannot confuse a request; optional fields are ones a driver may not know.

/** libvirt's virDomainState, spelled as `virsh domstate` prints it. */
export type VmState =
  | 'running'
  | 'blocked'
  | 'paused'
  | 'shutdown' // "in shutdown": the guest was asked to power off and has not yet
  | 'shutoff'
  | 'crashed'
  | 'pmsuspended';

/** In virDomainState's order, 1 to 7 (the libvirt-ssh driver reads `domstats` numbers by it). */
export const VM_STATES: readonly VmState[] = [
  'running',
  'blocked',
  'paused',
  'shutdown',
  'shutoff',
  'crashed',
  'pmsuspended',
];

/** What the guest OS is doing while libvirt says `running`; null when the driver cannot tell. */
export type GuestPhase = 'booting' | 'up' | null;

export type DriverKind = 'simulated' | 'libvirt-ssh';

export type HostConnectionState = 'connected' | 'connecting' | 'disconnected';

export interface HugepagePool {
  sizeKiB: number;
  total: number;
  free: number;
}

export interface NumaNode {
  id: number;
  cpus: number[];
  memoryKiB: number;
  hugepages: HugepagePool[];
}

export type PciClass = 'network' | 'display' | 'audio' | 'storage' | 'usb' | 'other';

export type SriovRole = { role: 'pf'; maxVfs: number; vfs: string[] } | { role: 'vf'; pf: string };

export interface PciDevice {
  /** Domain:bus:slot.function, e.g. 0000:65:00.0 */
  address: string;
  vendor: string;
  product: string;
  vendorId: string;
  productId: string;
  pciClass: PciClass;
  driver: string | null;
  iommuGroup: number;
  numaNode: number | null;
  sriov?: SriovRole;
  /** The firmware's boot display (sysfs boot_vga): the host's own console runs on it. */
  bootVga?: boolean;
  /** A PF's network interface on the host (enp65s0f0): what a VF network's <pf dev> names. */
  netdev?: string;
}

export interface HostHardware {
  cpuModel: string;
  sockets: number;
  coresPerSocket: number;
  threadsPerCore: number;
  memoryKiB: number;
  numaNodes: NumaNode[];
  pciDevices: PciDevice[];
}

/**
 * What a host's driver can do, set by the driver. The renderer reads these and never the driver
 * kind: a view appears, or a button is enabled, because the host can do it.
 */
export interface HostCapabilities {
  /** The connection can be dropped and re-established on request. */
  reconnect: boolean;
  /** The user added the host and can remove it (built-in hosts cannot be removed). */
  remove: boolean;
  /** Storage pools and volumes. */
  storage: boolean;
  /** Domain snapshots. */
  snapshots: boolean;
  /** VMs can be live-migrated to or from another host served by the same kind of driver. */
  migrate: boolean;
  /** PCI host devices can be listed and assigned (passthrough). */
  hostDevices: boolean;
  /** The VMs' screens (graphical console over VNC). */
  display: boolean;
  /** libvirt virtual networks (the Networks tab). */
  networks: boolean;
  /** Host tuning figures: NUMA memory, hugepage pools, KSM, per-pCPU usage (the Tuning tab). */
  tuning: boolean;
  /** A VM's CPUs, pinning, memory, disks and NICs can be tuned (the VM's Hardware tab). */
  hardware: boolean;
}

export interface Host {
  id: string;
  name: string;
  driver: DriverKind;
  /** The driver in words, for display only ("Simulated KVM", "libvirt over SSH"). */
  driverLabel: string;
  capabilities: HostCapabilities;
  /** A libvirt URI (qemu+ssh://…) or `sim://NAME` for a simulated host. */
  uri: string;
  connection: HostConnectionState;
  /** Why the host is disconnected, in words for the user. */
  connectionError?: string;
  hypervisor: string;
  hardware: HostHardware | null;
  /** Virtual networks a new VM can join: the names of the host's defined networks. */
  networks: string[];
}

export type DiskBus = 'virtio' | 'scsi' | 'sata' | 'ide';

export interface Disk {
  target: string;
  device: 'disk' | 'cdrom';
  bus: DiskBus;
  source: string | null;
  format: string | null;
  capacityBytes: number | null;
}

export interface Nic {
  mac: string;
  type: 'network' | 'bridge' | 'direct' | 'hostdev' | 'user';
  source: string;
  model: string;
}

export interface Vm {
  hostId: string;
  /** The domain UUID. */
  id: string;
  name: string;
  title: string;
  description: string;
  state: VmState;
  guest: GuestPhase;
  /** vCPUs online (`<vcpu current>`, else its count; `virsh dominfo`'s CPU(s)), from the live
   * definition while active, so `setvcpus --live` shows. */
  vcpus: number;
  /** <memory>: the most the guest can have; the balloon's target is `<currentMemory>`. */
  memoryKiB: number;
  persistent: boolean;
  autostart: boolean;
  disks: Disk[];
  nics: Nic[];
  /** Running with a persistent definition that differs from the live one (applies next boot). */
  pendingChanges: boolean;
}

/** What the New VM dialog asks for. */
export interface NewVmSpec {
  name: string;
  vcpus: number;
  memoryMiB: number;
  /** 0 creates a VM without a disk. */
  diskGiB: number;
  network: string;
  /**
   * Where the disk comes from. Absent: a new qcow2 volume of diskGiB in the host's default pool
   * (the original behaviour). `volume: null` creates NAME.qcow2 of diskGiB in `pool` (raw in an
   * LVM or RBD pool); a volume name attaches that existing, unused volume and diskGiB is ignored.
   */
  disk?: NewVmDiskSource;
}

export interface NewVmDiskSource {
  pool: string;
  volume: string | null;
}

/** One VM in a stats tick: CPU as a share of its vCPUs, memory the guest uses. */
export interface VmStats {
  vmId: string;
  /** 0–100 × vcpus is not used: 100 means all vCPUs busy. */
  cpuPercent: number;
  memoryUsedKiB: number | null;
}

/** One bulk usage sample of a host's active VMs (the api's `stats` event, with its hostId). */
export interface StatsTick {
  at: number;
  vms: VmStats[];
}

/** How often a host is sampled: virt-manager's rhythm, one bulk call per host per tick. */
export const STATS_INTERVAL_MS = 3_000;

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: number;
}

/** One domain snapshot (libvirt domainsnapshot), as the Snapshots tab shows it. */
export interface Snapshot {
  name: string;
  description: string;
  /** Milliseconds since the epoch (libvirt records whole seconds). */
  createdAt: number;
  /** The VM's state when the snapshot was taken. */
  state: VmState;
  /** Guest memory was saved too: reverting resumes the guest where it was. */
  hasMemory: boolean;
  /** The snapshot this one was taken on top of; null for a root. */
  parent: string | null;
  /** The domain's current snapshot: the parent of the next one taken. */
  isCurrent: boolean;
  /** Space the snapshot takes where the host reports it (e.g. saved memory); null when unknown. */
  sizeBytes: number | null;
  /** Saved outside the disk images (overlay files); libvirt cannot always revert those. */
  external: boolean;
  /**
   * Why this snapshot can only be looked at: its name holds a line break, which virsh cannot be
   * sent (libvirt accepts one in a snapshot name). Its description and parent are then unknown.
   */
  readOnly?: string;
}

/** What the Create snapshot dialog asks for. */
export interface NewSnapshotSpec {
  name: string;
  description: string;
  /** Save guest memory too (running or paused VMs only). */
  withMemory: boolean;
  /** Freeze the guest's file systems through the QEMU guest agent while the disks are saved. */
  quiesce: boolean;
}

/** Which snapshots a delete removes: the one (children move up), it and its subtree, or only the subtree. */
export type SnapshotDeleteMode = 'one' | 'subtree' | 'children-only';

export const SNAPSHOT_DELETE_MODES: readonly SnapshotDeleteMode[] = [
  'one',
  'subtree',
  'children-only',
];

// ---- storage (libvirt storage pools and volumes) ----

/** libvirt's pool types (virStoragePoolType), as `virsh pool-info` names them. */
export type PoolType =
  | 'dir'
  | 'fs'
  | 'netfs'
  | 'logical'
  | 'disk'
  | 'iscsi'
  | 'iscsi-direct'
  | 'scsi'
  | 'mpath'
  | 'rbd'
  | 'sheepdog'
  | 'gluster'
  | 'zfs'
  | 'vstorage';

/** virStoragePoolState as the UI needs it ('building' while pool-build runs). */
export type PoolState = 'active' | 'inactive' | 'building';

/** The pool's <source>, flattened for display: server, export/dir, device(s), VG / RBD pool. */
export interface PoolSource {
  host?: string;
  dir?: string;
  /** Several devices (an LVM volume group's PVs) are joined with ", ". */
  device?: string;
  name?: string;
}

export interface Pool {
  hostId: string;
  name: string;
  uuid: string;
  type: PoolType;
  state: PoolState;
  autostart: boolean;
  /** All three are 0 while the pool is inactive: libvirt knows sizes of active pools only. */
  capacityBytes: number;
  allocationBytes: number;
  availableBytes: number;
  /** Where volumes appear on the host (a directory, /dev/VG); null for RBD. */
  targetPath: string | null;
  source: PoolSource;
}

export interface VolumeUser {
  vmId: string;
  vmName: string;
}

export interface Volume {
  /** Name of the pool holding it. */
  pool: string;
  name: string;
  key: string;
  /** What a domain's <disk> names: a file, a block device, or pool/image for RBD. */
  path: string;
  /** 'qcow2', 'raw', 'iso'…; LVM and RBD volumes are 'raw'. */
  format: string;
  capacityBytes: number;
  allocationBytes: number;
  /** VMs whose persistent or live definition has this volume as a disk. */
  usedBy: VolumeUser[];
  /**
   * Why nothing can be done with this volume, when it is listed but cannot be addressed: its
   * name holds a line break, which virsh cannot be sent (sizes are then unknown, 0).
   */
  readOnly?: string;
}

/** The formats virtdesk creates volumes in. */
export type VolumeFormat = 'qcow2' | 'raw';

/** virtio-blk (vdX) or virtio-scsi (sdX on a virtio-scsi controller). */
export type AttachBus = 'virtio' | 'scsi';

/** What the Define pool dialog asks for, by pool type. */
export type PoolSpec =
  | { type: 'dir'; name: string; path: string }
  | { type: 'logical'; name: string; vgName: string; devices: string[] }
  | { type: 'netfs'; name: string; host: string; exportPath: string; targetPath: string }
  | {
      type: 'rbd';
      name: string;
      monitorHosts: string[];
      rbdPool: string;
      authUser: string;
      secretUuid: string;
    };

// ---- virtual networks (libvirt networks) ----

/**
 * What a network is, read from its <forward> (shared/networks.ts `networkKind`): NAT, routed,
 * open, isolated (no <forward>), a host bridge, a macvtap pool (bridge/private/vepa/passthrough
 * modes over host interfaces), a pool of SR-IOV VFs handed to guests whole (hostdev).
 */
export type NetworkKind =
  'nat' | 'routed' | 'open' | 'isolated' | 'bridge' | 'macvtap' | 'hostdev' | 'other';

export interface NetworkAddress {
  family: 'ipv4' | 'ipv6';
  /** The host's address on the network (the guests' gateway). */
  address: string;
  prefix: number;
  dhcpRange: { start: string; end: string } | null;
}

export interface NetworkUser {
  vmId: string;
  vmName: string;
  /** The VM is active (running or paused): stopping the network cuts it off. */
  running: boolean;
}

export interface Network {
  hostId: string;
  name: string;
  uuid: string;
  kind: NetworkKind;
  /** libvirt's <forward mode> as written (nat, route, bridge, vepa, hostdev…); null: isolated. */
  forwardMode: string | null;
  active: boolean;
  autostart: boolean;
  persistent: boolean;
  /** The bridge guests join (virbr0 made by libvirt, or a host bridge); null for macvtap/hostdev. */
  bridge: string | null;
  /** The host interfaces (forward dev, macvtap interfaces, PFs) or VF PCI addresses it uses. */
  devices: string[];
  addresses: NetworkAddress[];
  /** VMs with a NIC on it (type='network', this source) in either definition. */
  usedBy: NetworkUser[];
}

export interface NetworkLease {
  mac: string;
  /** The leased address without its prefix. */
  ip: string;
  prefix: number;
  hostname: string | null;
  /** Milliseconds since the epoch; null when the lease never expires. */
  expiresAt: number | null;
}

/** What the Define network dialog asks for, by kind. `bridge: ''` lets libvirt pick virbrN. */
export type NetworkSpec =
  | {
      kind: 'nat' | 'isolated';
      name: string;
      /** IPv4 network in CIDR form (192.168.100.0/24); '' for an isolated network with no IP. */
      subnet: string;
      /** '' and '' for no DHCP. */
      dhcpStart: string;
      dhcpEnd: string;
      bridge: string;
    }
  | { kind: 'bridge'; name: string; bridge: string };

// ---- host tuning (NUMA memory, hugepages, KSM, pCPU usage) ----

export interface NodeMemory {
  id: number;
  totalKiB: number;
  freeKiB: number;
  /** Hugepage pools of the node (sizes above the base page): total and free pages. */
  hugepages: HugepagePool[];
}

/** Kernel samepage merging as libvirt's `node-memory-tune` reports it (pages of 4 KiB). */
export interface KsmState {
  /** Whether ksmd runs; null when the host does not say. */
  running: boolean | null;
  pagesToScan: number;
  sleepMillisecs: number;
  /** Distinct shared pages in use. */
  pagesShared: number;
  /** Extra sites sharing them: how many pages merging saved. */
  pagesSharing: number;
  pagesUnshared: number;
  pagesVolatile: number;
  fullScans: number;
  mergeAcrossNodes: boolean | null;
}

/** One host CPU (a hardware thread) where it sits, and how busy it was since the last sample. */
export interface PcpuInfo {
  id: number;
  node: number;
  socket: number;
  core: number;
  /** Hyper-thread siblings, itself included. */
  siblings: number[];
  /** 0–100 since the previous sample; null for the first one. */
  usagePercent: number | null;
}

export interface HostTuning {
  nodes: NodeMemory[];
  ksm: KsmState | null;
  cpus: PcpuInfo[];
  /** When it was read (ms since the epoch). */
  at: number;
}

/** What writing nr_hugepages did: the kernel allocates what it can and says how many it got. */
export interface HugepageResize {
  node: number;
  sizeKiB: number;
  requested: number;
  /** The pool's total afterwards. */
  allocated: number;
  /** Why fewer (or more) pages than requested, in words; null when it got exactly that. */
  shortfall: string | null;
}
