// What the Devices tab and the Add host device dialog ask of main. A host's devices are a
// resource keyed by host id, reloaded on host-changed (a VF count, a network, a driver moved at
// start/stop) and on any change to one of the host's VMs (who uses a device). Dialog commands
// throw for the dialog to show; every success reloads the list without waiting for the event.
import type { ApiEvent } from '../../../shared/api';
import type {
  AssignCheck,
  AssignRequest,
  HostBinding,
  HostDeviceInventory,
} from '../../../shared/hostDevices';
import { getApi } from '../api';
import { errorCode, errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';
import { splitVmKey } from './keys';
import { defineResource } from './resources';

function changesHostDevices(e: ApiEvent, hostId: string): boolean {
  if (e.type === 'host-changed') return e.host.id === hostId;
  if (e.type === 'vm-changed') return e.vm.hostId === hostId;
  return e.type === 'vm-removed' && e.hostId === hostId;
}

/** A host's PCI devices with their users, by host id, while a view shows them. */
export const hostDevices = defineResource<HostDeviceInventory>(
  'host-devices',
  (hostId) => getApi().hostDeviceList({ hostId }),
  changesHostDevices,
);

/** Every conflict of the assignment, before anything is written. */
export function checkAssignment(vmKey: string, req: AssignRequest): Promise<AssignCheck> {
  return getApi().hostDeviceCheck({ ...splitVmKey(vmKey), ...req });
}

/** Assigns, shows the VM's change at once and reloads the host's devices; throws when refused. */
export async function assignHostDevice(vmKey: string, req: AssignRequest): Promise<void> {
  const ref = splitVmKey(vmKey);
  const result = await getApi().hostDeviceAssign({ ...ref, ...req });
  useAppStore.getState().updateOrAddVm(result.vm);
  await hostDevices.reload(ref.hostId);
}

export async function removeHostDevice(vmKey: string, address: string): Promise<void> {
  const ref = splitVmKey(vmKey);
  const result = await getApi().hostDeviceRemove({ ...ref, address });
  useAppStore.getState().updateOrAddVm(result.vm);
  await hostDevices.reload(ref.hostId);
}

/** The VF count control on a PF row: a refusal is shown as a dismissible error. */
export async function setVfCount(hostId: string, address: string, count: number): Promise<void> {
  try {
    const inventory = await hostDevices.track(
      hostId,
      getApi().hostDeviceSetVfCount({ hostId, address, count }),
    );
    hostDevices.update(hostId, () => inventory);
  } catch (e) {
    useAppStore.getState().pushError({
      code: errorCode(e),
      message: `Setting the VF count of ${address} failed: ${errorMessage(e)}`,
    });
  }
}

const BIND_WORDS: Record<HostBinding, string> = {
  'vfio-pci': 'Detaching {a} from its host driver',
  host: 'Reattaching {a} to its host driver',
};

/** Detach from host / Reattach to host on a device row: a refusal is a dismissible error. */
export async function bindHostDevice(hostId: string, address: string, driver: HostBinding) {
  try {
    const inventory = await hostDevices.track(
      hostId,
      getApi().hostDeviceBind({ hostId, address, driver }),
    );
    hostDevices.update(hostId, () => inventory);
  } catch (e) {
    useAppStore.getState().pushError({
      code: errorCode(e),
      message: `${BIND_WORDS[driver].replace('{a}', address)} failed: ${errorMessage(e)}`,
    });
  }
}

export async function createVfNetwork(hostId: string, address: string, name: string) {
  await getApi().hostDeviceCreateVfNetwork({ hostId, address, name });
  await hostDevices.reload(hostId);
}
