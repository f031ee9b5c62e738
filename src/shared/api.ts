// THE contract between the renderer and main. One typed table of request methods plus one event
// stream; both transports (Electron IPC, browser-mode WebSocket) carry exactly this and nothing
// else, and the service validates every request against `requestSchemas` before acting.
import type { Host, NewVmSpec, Notice, StatsTick, Vm } from './model';
import type { NewSnapshotSpec, Snapshot, SnapshotDeleteMode } from './model';
import type { AttachBus, Pool, PoolSpec, Volume, VolumeFormat } from './model';
import type { Network, NetworkLease, NetworkSpec } from './model';
import type { HostTuning, HugepageResize } from './model';
import type { DeletePlan, DiskChoice } from './deletePlan';
import type { WireError } from './errors';
import type { HostKeyDecision, Prompt } from './prompts';
import type { Job } from './jobs';
import type { DirtyRate, MigrationCheck, MigrationOptions } from './migration';
import type { AssignCheck, AssignRequest, HostBinding, HostDeviceInventory } from './hostDevices';
import type { HardwareApplied, HardwareChange, HardwarePlan, HardwareView } from './hardware';

export interface VmRef {
  hostId: string;
  vmId: string;
}

export interface DomainXml {
  xml: string;
  /** The running configuration; null when shut off. */
  liveXml: string | null;
}

export interface DefineResult {
  vm: Vm;
  /** True when the VM is running and the change waits for its next boot. */
  appliesOnNextBoot: boolean;
}

export interface HostRef {
  hostId: string;
}

/** Every request: its params and its result. Params are always one object. */
export interface ApiMethods {
  hostList: { params: Record<string, never>; result: Host[] };
  vmList: { params: HostRef; result: Vm[] };
  vmGet: { params: VmRef; result: Vm };
  vmCreate: { params: { hostId: string; spec: NewVmSpec }; result: Vm };
  vmStart: { params: VmRef; result: Vm };
  vmShutdown: { params: VmRef; result: Vm };
  vmReboot: { params: VmRef; result: Vm };
  vmForceOff: { params: VmRef; result: Vm };
  vmPause: { params: VmRef; result: Vm };
  vmResume: { params: VmRef; result: Vm };
  /** Each disk of the VM and whether Delete may take it with it (and why not): the dialog. */
  vmDeletePlan: { params: VmRef; result: DeletePlan };
  /** Removes the definition (`undefine --nvram`), then the chosen disks' volumes, each checked
   * again first (still this VM's, deletable, used by no other VM); an empty list keeps them all. */
  vmDelete: { params: VmRef & { disks: DiskChoice[] }; result: { deleted: true } };
  /** The persistent definition (what the next boot uses) and, when running, the live one. */
  vmGetXml: { params: VmRef; result: DomainXml };
  /** `virsh define` semantics: replaces the persistent definition; a running VM keeps its live
   * configuration until it next boots. */
  vmDefineXml: { params: VmRef & { xml: string }; result: DefineResult };
  /** Adds a remote host by libvirt URI (qemu+ssh://user@host:port/system or an ssh alias) and
   * starts connecting; the connection is saved in the data dir (never a password). */
  connectionAdd: { params: { uri: string; name: string }; result: Host };
  connectionRemove: { params: HostRef; result: { removed: true } };
  connectionReconnect: { params: HostRef; result: Host };
  promptList: { params: Record<string, never>; result: Prompt[] };
  promptAnswerHostKey: {
    params: { promptId: string; decision: HostKeyDecision };
    result: { answered: boolean };
  };
  /** null cancels the prompt. */
  promptAnswerSecret: {
    params: { promptId: string; responses: string[] | null };
    result: { answered: boolean };
  };
  noticeList: { params: Record<string, never>; result: Notice[] };
  noticeDismiss: { params: { noticeId: string }; result: { dismissed: boolean } };
  /** The VM's snapshots, oldest first; each names its parent (the tree) and one may be current. */
  snapshotList: { params: VmRef; result: Snapshot[] };
  /** Takes a snapshot on top of the current one; it becomes current. */
  snapshotCreate: { params: VmRef & NewSnapshotSpec; result: Snapshot };
  /** Restores the VM's definitions, state (and memory) from the snapshot; it becomes current. */
  snapshotRevert: { params: VmRef & { name: string }; result: Vm };
  snapshotDelete: {
    params: VmRef & { name: string; mode: SnapshotDeleteMode };
    result: { deleted: string[] };
  };
  // Storage (served by a driver's optional `storage` capability, else UNSUPPORTED).
  poolList: { params: HostRef; result: Pool[] };
  /** `virsh pool-define` of the XML the spec stands for; the new pool is inactive. */
  poolDefine: { params: { hostId: string; spec: PoolSpec }; result: Pool };
  poolStart: { params: PoolRef; result: Pool };
  poolStop: { params: PoolRef; result: Pool };
  poolRefresh: { params: PoolRef; result: Pool };
  poolSetAutostart: { params: PoolRef & { autostart: boolean }; result: Pool };
  /** Refused while the pool is active; the volumes' data stays on the host. */
  poolUndefine: { params: PoolRef; result: { removed: true } };
  poolGetXml: { params: PoolRef; result: { xml: string } };
  volumeList: { params: PoolRef; result: Volume[] };
  volumeCreate: {
    params: PoolRef & { name: string; format: VolumeFormat; capacityBytes: number };
    result: Volume;
  };
  volumeResize: { params: VolumeRef & { capacityBytes: number }; result: Volume };
  volumeClone: { params: VolumeRef & { newName: string }; result: Volume };
  /** Refused (CONFLICT) while a VM uses the volume. */
  volumeDelete: { params: VolumeRef; result: { deleted: true } };
  /** Adds the volume as the VM's next disk: persistent, and live (hot-plug) while it runs. */
  volumeAttach: { params: VolumeRef & { vmId: string; bus: AttachBus }; result: AttachResult };
  // Networks (served by a driver's optional `networks` capability, else UNSUPPORTED).
  networkList: { params: HostRef; result: Network[] };
  /** `virsh net-define` of the XML the spec stands for (shared/networkXml.ts); it is inactive. */
  networkDefine: { params: { hostId: string; spec: NetworkSpec }; result: Network };
  networkStart: { params: NetworkRef; result: Network };
  /** `net-destroy`: VMs with NICs on it lose their link (the UI asks first, naming them). */
  networkStop: { params: NetworkRef; result: Network };
  networkSetAutostart: { params: NetworkRef & { autostart: boolean }; result: Network };
  /** Refused while the network is active. */
  networkUndefine: { params: NetworkRef; result: { removed: true } };
  networkGetXml: { params: NetworkRef; result: { xml: string } };
  /** `net-dhcp-leases`: the addresses its DHCP server handed out. */
  networkLeases: { params: NetworkRef; result: NetworkLease[] };
  /** The host's own bridges a bridge network can join (libvirt's virbrN excluded). */
  networkHostBridges: { params: HostRef; result: string[] };
  // Host tuning (served by a driver's optional `tuning` capability, else UNSUPPORTED).
  /** NUMA memory, hugepage pools per node, KSM, and per-pCPU usage since the last call. */
  tuningGet: { params: HostRef; result: HostTuning };
  /** Writes a node's nr_hugepages for a page size; the result says how many the kernel got. */
  tuningSetHugepages: {
    params: { hostId: string; node: number; sizeKiB: number; count: number };
    result: HugepageResize;
  };
  // VM hardware: CPUs, pinning, memory, disks, NICs (a driver's optional `hardware` capability,
  // shared/hardware.ts).
  /** The VM's hardware settings and the host facts the Hardware tab offers choices from. */
  hardwareGet: { params: VmRef; result: HardwareView };
  /** What the change would do: XML before/after, steps now / at next boot, warnings, a refusal.
   * Changes nothing. */
  hardwarePlan: { params: VmRef & { change: HardwareChange }; result: HardwarePlan };
  /** Plans again, refuses (changing nothing) when the plan does, else defines the new XML and
   * runs the live steps on a running VM. */
  hardwareApply: { params: VmRef & { change: HardwareChange }; result: HardwareApplied };
  // Host devices: PCI passthrough and SR-IOV (a driver's optional `hostDevices` capability,
  // shared/hostDevices.ts).
  /** The host's PCI devices with their IOMMU groups, SR-IOV relations and the VMs using each. */
  hostDeviceList: { params: HostRef; result: HostDeviceInventory };
  /** Every conflict of assigning the device to the VM; changes nothing. */
  hostDeviceCheck: { params: VmRef & AssignRequest; result: AssignCheck };
  /** Checks again, then adds the device (and its group, when asked) to the VM's definition, and
   * hot-plugs it while the VM runs. Refused, changing nothing, when a check refuses. */
  hostDeviceAssign: {
    params: VmRef & AssignRequest;
    result: { vm: Vm; assigned: string[]; live: boolean };
  };
  /** Removes the device (a hostdev or a hostdev interface) from the VM, live too while it runs. */
  hostDeviceRemove: { params: VmRef & { address: string }; result: { vm: Vm; live: boolean } };
  /** Sets a PF's sriov_numvfs (sysfs rules: shared/hostDevices.ts checkVfCount). */
  hostDeviceSetVfCount: {
    params: HostRef & { address: string; count: number };
    result: HostDeviceInventory;
  };
  /** Binds the device to vfio-pci (`nodedev-detach`) or gives it back to its host driver
   * (`nodedev-reattach`); refused while a running VM holds it, or with IOMMU off. */
  hostDeviceBind: {
    params: HostRef & { address: string; driver: HostBinding };
    result: HostDeviceInventory;
  };
  /** Defines a network `<forward mode='hostdev' managed='yes'><pf dev=…/>` over the PF's VFs. */
  hostDeviceCreateVfNetwork: {
    params: HostRef & { address: string; name: string };
    result: { name: string; xml: string };
  };
  // Jobs: long operations main runs and reports on with job-changed events (shared/jobs.ts).
  /** Running and finished jobs, oldest first (main keeps them across page reloads). */
  jobList: { params: Record<string, never>; result: Job[] };
  /** Aborts a running job (a migration: `domjobabort`; the VM keeps running on the source). */
  jobCancel: { params: JobRef; result: Job };
  /** Removes a finished job from the list. */
  jobDismiss: { params: JobRef; result: { dismissed: boolean } };
  /** Switches a running migration that allows it to post-copy (`migrate-postcopy`). */
  jobMigratePostcopy: { params: JobRef; result: Job };
  /** Changes a running migration's bandwidth / max downtime (`migrate-setspeed`,
   * `migrate-setmaxdowntime`); null leaves that one as it is. */
  jobMigrateTune: {
    params: JobRef & { bandwidthMiBs: number | null; maxDowntimeMs: number | null };
    result: Job;
  };
  // Migration (shared/migration.ts; the forecast is shared/precopy.ts, run in the renderer).
  /** Every pre-check for moving the VM to destHostId with these options; changes nothing. */
  vmMigrateCheck: { params: MigrateParams; result: MigrationCheck };
  /** Measures the guest's memory dirty rate (takes about a second). */
  vmDirtyRate: { params: VmRef; result: DirtyRate };
  /** Runs the pre-checks again, then starts the migration as a job. */
  vmMigrate: { params: MigrateParams; result: Job };
}

export interface JobRef {
  jobId: string;
}

export interface MigrateParams extends VmRef {
  destHostId: string;
  options: MigrationOptions;
}

export interface PoolRef {
  hostId: string;
  pool: string;
}

export interface NetworkRef {
  hostId: string;
  network: string;
}

export interface VolumeRef extends PoolRef {
  /** The volume's name within its pool. */
  name: string;
}

export interface AttachResult {
  vm: Vm;
  /** The guest device it became: vdb, sdc… */
  target: string;
  /** Hot-plugged into the running VM too. */
  live: boolean;
}

export type ApiMethod = keyof ApiMethods;
export type Params<M extends ApiMethod> = ApiMethods[M]['params'];
export type Result<M extends ApiMethod> = ApiMethods[M]['result'];

/** The allow-list every transport dispatches from; keep in step with ApiMethods. */
export const API_METHODS = [
  'hostList',
  'vmList',
  'vmGet',
  'vmCreate',
  'vmStart',
  'vmShutdown',
  'vmReboot',
  'vmForceOff',
  'vmPause',
  'vmResume',
  'vmDeletePlan',
  'vmDelete',
  'vmGetXml',
  'vmDefineXml',
  'connectionAdd',
  'connectionRemove',
  'connectionReconnect',
  'promptList',
  'promptAnswerHostKey',
  'promptAnswerSecret',
  'noticeList',
  'noticeDismiss',
  'snapshotList',
  'snapshotCreate',
  'snapshotRevert',
  'snapshotDelete',
  'poolList',
  'poolDefine',
  'poolStart',
  'poolStop',
  'poolRefresh',
  'poolSetAutostart',
  'poolUndefine',
  'poolGetXml',
  'volumeList',
  'volumeCreate',
  'volumeResize',
  'volumeClone',
  'volumeDelete',
  'volumeAttach',
  'networkList',
  'networkDefine',
  'networkStart',
  'networkStop',
  'networkSetAutostart',
  'networkUndefine',
  'networkGetXml',
  'networkLeases',
  'networkHostBridges',
  'tuningGet',
  'tuningSetHugepages',
  'hardwareGet',
  'hardwarePlan',
  'hardwareApply',
  'hostDeviceList',
  'hostDeviceCheck',
  'hostDeviceAssign',
  'hostDeviceRemove',
  'hostDeviceSetVfCount',
  'hostDeviceBind',
  'hostDeviceCreateVfNetwork',
  'jobList',
  'jobCancel',
  'jobDismiss',
  'jobMigratePostcopy',
  'jobMigrateTune',
  'vmMigrateCheck',
  'vmDirtyRate',
  'vmMigrate',
] as const satisfies readonly ApiMethod[];

// Compile-time check that the list names every method exactly.
type _Exhaustive = ApiMethod extends (typeof API_METHODS)[number] ? true : never;
export const _apiMethodsExhaustive: _Exhaustive = true;

export function isApiMethod(x: unknown): x is ApiMethod {
  return typeof x === 'string' && (API_METHODS as readonly string[]).includes(x);
}

/** Pushed from main to every renderer; state changes arrive this way, never by polling. */
export type ApiEvent =
  | { type: 'host-changed'; host: Host }
  | { type: 'vm-changed'; vm: Vm }
  | { type: 'vm-removed'; hostId: string; vmId: string }
  | { type: 'notice'; notice: Notice }
  | { type: 'host-removed'; hostId: string }
  | { type: 'prompt'; prompt: Prompt }
  | { type: 'prompt-closed'; promptId: string }
  /** A VM's snapshot tree changed (created, reverted to, deleted): reload its list. */
  | { type: 'snapshots-changed'; hostId: string; vmId: string }
  /** The host's pools or volumes changed (sizes, states, volumes, who uses them): reload them. */
  | { type: 'storage-changed'; hostId: string }
  /** The host's networks changed (defined, started, stopped, who uses them): reload them. */
  | { type: 'networks-changed'; hostId: string }
  /** One bulk stats tick per host, every few seconds. */
  | ({ type: 'stats'; hostId: string } & StatsTick)
  /** A job started, progressed (≥ 2 Hz while running), or ended. */
  | { type: 'job-changed'; job: Job }
  /** A finished job was dismissed from the list. */
  | { type: 'job-removed'; jobId: string };

export type Unsubscribe = () => void;

/** What the renderer holds: one async function per method plus the event subscription. */
export type VirtdeskApi = {
  [M in ApiMethod]: (params: Params<M>) => Promise<Result<M>>;
} & {
  onEvent(listener: (event: ApiEvent) => void): Unsubscribe;
};

// ---- wire format shared by both transports ----

export interface WireRequest {
  id: number;
  method: string;
  params: unknown;
}

export type WireResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

export interface WireEvent {
  event: ApiEvent;
}
