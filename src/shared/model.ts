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

export interface Host {
  id: string;
  name: string;
  driver: DriverKind;
  /** A libvirt URI (qemu+ssh://…) or `sim://NAME` for a simulated host. */
  uri: string;
  connection: HostConnectionState;
  /** Why the host is disconnected, in words for the user. */
  connectionError?: string;
  hypervisor: string;
  hardware: HostHardware | null;
  /** Virtual networks a new VM can join. */
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
  vcpus: number;
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
}

/** One VM in a stats tick: CPU as a share of its vCPUs, memory the guest uses. */
export interface VmStats {
  vmId: string;
  /** 0–100 × vcpus is not used: 100 means all vCPUs busy. */
  cpuPercent: number;
  memoryUsedKiB: number | null;
}

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: number;
}
