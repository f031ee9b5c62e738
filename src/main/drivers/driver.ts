// The one interface every hypervisor connection implements. A driver returns model data and emits
// events; it never knows which transport or UI is above it. Operations reject with VirtdeskError
// (INVALID_STATE naming the current state, NOT_FOUND, CONFLICT, HOST_ERROR, DISCONNECTED).
import type { DefineResult, DomainXml } from '../../shared/api';
import type { Host, NewVmSpec, Vm, VmStats } from '../../shared/model';
import type { ConsoleAttachment, ConsoleClient } from '../console/consoleHub';

export type DriverEvent =
  | { type: 'host-changed'; host: Host }
  | { type: 'vm-changed'; vm: Vm }
  | { type: 'vm-removed'; hostId: string; vmId: string };

export interface HypervisorDriver {
  readonly hostId: string;
  getHost(): Host;
  listVms(): Promise<Vm[]>;
  getVm(vmId: string): Promise<Vm>;
  defineVm(spec: NewVmSpec): Promise<Vm>;
  /** Removes the VM's definition and its disks. Refused unless shut off. */
  undefineVm(vmId: string): Promise<void>;
  start(vmId: string): Promise<Vm>;
  /** ACPI power button: running → shutdown → shutoff after the guest powers off. */
  shutdown(vmId: string): Promise<Vm>;
  reboot(vmId: string): Promise<Vm>;
  /** virsh destroy. */
  forceOff(vmId: string): Promise<Vm>;
  suspend(vmId: string): Promise<Vm>;
  resume(vmId: string): Promise<Vm>;
  /** The persistent definition and, while the VM is active, the live one (virsh dumpxml). */
  getXml(vmId: string): Promise<DomainXml>;
  /**
   * virsh define of an edited document for this VM: same uuid and name. Replaces the persistent
   * definition; an active VM keeps its live one until it is next started. Emits vm-changed.
   */
  defineXml(vmId: string, xml: string): Promise<DefineResult>;
  /** Shows the VM's serial console in `client` (taking it over from any other window). */
  attachConsole(
    vmId: string,
    client: ConsoleClient,
    cols: number,
    rows: number,
  ): Promise<ConsoleAttachment>;
  onEvent(listener: (event: DriverEvent) => void): () => void;
  /** One bulk usage sample of the active VMs every few seconds, while someone listens. */
  onStats(listener: (tick: { at: number; vms: VmStats[] }) => void): () => void;
  close(): Promise<void>;
}
