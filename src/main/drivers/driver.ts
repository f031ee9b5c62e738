// The one interface every hypervisor connection implements. A driver returns model data and emits
// events; it never knows which transport or UI is above it. Operations reject with VirtdeskError
// (INVALID_STATE naming the current state, NOT_FOUND, CONFLICT, HOST_ERROR, DISCONNECTED).
import type { Host, NewVmSpec, Vm } from '../../shared/model';

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
  onEvent(listener: (event: DriverEvent) => void): () => void;
  close(): Promise<void>;
}
