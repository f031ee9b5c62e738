// The Hardware tab's requests. What main says of a VM's hardware (and the host facts its choices
// come from) is a per-VM resource: it reloads when the VM changes (a live step, another window's
// define) and after every reconnect. A change is planned first (the review dialog shows the plan)
// and applied from the dialog; the applied settings show at once. Failures throw for the dialog.
import type { HardwareChange, HardwarePlan, HardwareView } from '../../../shared/hardware';
import { getApi } from '../api';
import { splitVmKey, vmKey } from './keys';
import { defineResource } from './resources';

/** A VM's hardware view, by VM key, while its Hardware tab is open. */
export const vmHardware = defineResource<HardwareView>(
  'hardware',
  (key) => getApi().hardwareGet(splitVmKey(key)),
  (e, key) => e.type === 'vm-changed' && vmKey(e.vm.hostId, e.vm.id) === key,
);

/** What the change would do; changes nothing. */
export function planHardware(key: string, change: HardwareChange): Promise<HardwarePlan> {
  return getApi().hardwarePlan({ ...splitVmKey(key), change });
}

/** The review dialog's Apply: the tab is busy meanwhile, then shows the settings main applied. */
export async function applyHardware(key: string, change: HardwareChange): Promise<void> {
  const applied = await vmHardware.track(
    key,
    getApi().hardwareApply({ ...splitVmKey(key), change }),
  );
  vmHardware.update(key, () => applied.view);
}
