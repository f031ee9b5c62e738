// The one interface every hypervisor connection implements. A driver returns model data and emits
// events; it never knows which transport or UI is above it. Operations reject with VirtdeskError
// (INVALID_STATE naming the current state, NOT_FOUND, CONFLICT, HOST_ERROR, DISCONNECTED).
import type { ApiEvent, DefineResult, DomainXml, Params, Result } from '../../shared/api';
import type { DeletePlan, DiskChoice } from '../../shared/deletePlan';
import type { SnapshotMethod } from '../../shared/snapshots';
import type { StorageMethod } from '../../shared/storage';
import type { NetworkMethod } from '../../shared/networks';
import type { TuningMethod } from '../../shared/tuning';
import type { HardwareMethod } from '../../shared/hardware';
import type { HostDeviceMethod } from '../../shared/hostDevices';
import type { Host, NewVmSpec, StatsTick, Vm } from '../../shared/model';
import type { ConsoleAttachment, ConsoleClient } from '../console/consoleHub';
import type { MigrationOps } from './migrationOps';

/** The api events a driver announces; the service passes them on unchanged. */
export type DriverEvent = Extract<
  ApiEvent,
  {
    type:
      | 'host-changed'
      | 'vm-changed'
      | 'vm-removed'
      | 'snapshots-changed'
      | 'storage-changed'
      | 'networks-changed';
  }
>;

/**
 * Storage pools and volumes, for drivers whose host has them: one function per storage api
 * method, taking its params without the hostId. Changes emit storage-changed, and vm-changed for
 * a VM whose disks changed (an attach, a resized volume). Creating a VM creates its volume as
 * part of that VM (vm-changed only); deleting one with chosen disks emits storage-changed too.
 */
export type StorageOps = {
  [M in StorageMethod]: (params: Omit<Params<M>, 'hostId'>) => Promise<Result<M>>;
};

/**
 * PCI passthrough and SR-IOV, for drivers whose host has them: one function per hostDevice api
 * method, taking its params without the hostId. Every write checks first (shared/hostDevices.ts)
 * and changes nothing when refused. Changes emit vm-changed for the VM, and host-changed when
 * what the host shows changed (a VF count, a network, a driver bound at start/stop).
 */
export type HostDeviceOps = {
  [M in HostDeviceMethod]: (params: Omit<Params<M>, 'hostId'>) => Promise<Result<M>>;
};

/**
 * Domain snapshots, for drivers whose host has them: one function per snapshot api method, taking
 * its params without the hostId. Names are the snapshots' own (libvirt keys snapshots by name
 * within a domain). Changes emit snapshots-changed, and vm-changed when the VM itself changed (a
 * revert). CONFLICT for a name in use; INVALID_INPUT / UNSUPPORTED for what libvirt would refuse.
 */
export type SnapshotOps = {
  [M in SnapshotMethod]: (params: Omit<Params<M>, 'hostId'>) => Promise<Result<M>>;
};

/**
 * libvirt virtual networks, for drivers whose host has them: one function per network api method,
 * taking its params without the hostId. Changes emit networks-changed, and host-changed when the
 * set of names changed (Host.networks feeds the New VM dialog).
 */
export type NetworkOps = {
  [M in NetworkMethod]: (params: Omit<Params<M>, 'hostId'>) => Promise<Result<M>>;
};

/**
 * A VM's hardware settings (shared/hardware.ts): one function per hardware api method, taking its
 * params without the hostId. An apply emits vm-changed.
 */
export type HardwareOps = {
  [M in HardwareMethod]: (params: Omit<Params<M>, 'hostId'>) => Promise<Result<M>>;
};

/**
 * Host tuning figures and hugepage pools, for drivers whose host reports them: one function per
 * tuning api method, taking its params without the hostId. A pool change emits host-changed.
 */
export type TuningOps = {
  [M in TuningMethod]: (params: Omit<Params<M>, 'hostId'>) => Promise<Result<M>>;
};

/**
 * The VMs' screens, for drivers whose VMs have them: a fresh RFB connection to the VM's VNC
 * server per window, security None as the window sees it (a password is answered in main).
 * NOT_FOUND-style refusals name what is missing: INVALID_STATE when the VM is not running,
 * UNSUPPORTED when it has no VNC display (DISPLAY_NO_DEVICE) or only SPICE.
 */
export interface DisplayOps {
  attach(vmId: string, client: ConsoleClient): Promise<ConsoleAttachment>;
}

export interface HypervisorDriver {
  readonly hostId: string;
  getHost(): Host;
  vmList(): Promise<Vm[]>;
  vmGet(vmId: string): Promise<Vm>;
  vmCreate(spec: NewVmSpec): Promise<Vm>;
  /** Each disk of the VM's persistent definition and whether Delete may remove it (deletePlan). */
  vmDeletePlan(vmId: string): Promise<DeletePlan>;
  /**
   * Removes the VM's definition, then the volumes of opts.disks (none when absent), each checked
   * first with checkDeleteChoice against the host as it is now: a refusal changes nothing. Refused
   * unless shut off. Emits vm-removed, and storage-changed when volumes went.
   */
  vmDelete(vmId: string, opts?: { disks?: readonly DiskChoice[] }): Promise<void>;
  vmStart(vmId: string): Promise<Vm>;
  /** ACPI power button: running → shutdown → shutoff after the guest powers off. */
  vmShutdown(vmId: string): Promise<Vm>;
  vmReboot(vmId: string): Promise<Vm>;
  /** virsh destroy. */
  vmForceOff(vmId: string): Promise<Vm>;
  vmPause(vmId: string): Promise<Vm>;
  vmResume(vmId: string): Promise<Vm>;
  /** The persistent definition and, while the VM is active, the live one (virsh dumpxml). */
  vmGetXml(vmId: string): Promise<DomainXml>;
  /**
   * virsh define of an edited document for this VM: same uuid and name. Replaces the persistent
   * definition; an active VM keeps its live one until it is next started. Emits vm-changed.
   */
  vmDefineXml(vmId: string, xml: string): Promise<DefineResult>;
  /** Shows the VM's serial console in `client` (taking it over from any other window). */
  attachConsole(
    vmId: string,
    client: ConsoleClient,
    cols: number,
    rows: number,
  ): Promise<ConsoleAttachment>;
  // The optional groups: each is present exactly when getHost().capabilities says so (a unit
  // test holds every driver to it); absent, the service refuses with UNSUPPORTED naming the host.
  /** Storage pools and volumes (capabilities.storage). */
  readonly storage?: StorageOps;
  /** Domain snapshots (capabilities.snapshots). */
  readonly snapshots?: SnapshotOps;
  /** PCI host devices: list, assign, SR-IOV (capabilities.hostDevices). */
  readonly hostDevices?: HostDeviceOps;
  /** The VMs' graphical consoles over VNC (capabilities.display). */
  readonly display?: DisplayOps;
  /** Live migration to or from another host of the same driver (capabilities.migrate). */
  readonly migration?: MigrationOps;
  /** Virtual networks (capabilities.networks). */
  readonly networks?: NetworkOps;
  /** Host tuning: NUMA memory, hugepages, KSM, pCPU usage (capabilities.tuning). */
  readonly tuning?: TuningOps;
  /** VM hardware: CPUs, pinning, memory, disks, NICs (capabilities.hardware). */
  readonly hardware?: HardwareOps;
  /**
   * The user asked: forget any backoff or final error and connect again now, non-blocking
   * (capabilities.reconnect). State changes arrive as host-changed.
   */
  reconnect?(): void;
  onEvent(listener: (event: DriverEvent) => void): () => void;
  /** One bulk usage sample of the active VMs every few seconds, while someone listens. */
  onStats(listener: (tick: StatsTick) => void): () => void;
  close(): Promise<void>;
}
