// What the Delete dialog reads: each disk of the VM and whether it may go with it (vmDeletePlan),
// reloaded while the dialog is open when the host's VMs or storage change, so a volume another
// VM has just started using turns unchecked with its reason.
import type { DeletePlan } from '../../../shared/deletePlan';
import { getApi } from '../api';
import { splitVmKey } from './keys';
import { defineResource } from './resources';

export const vmDeletePlan = defineResource<DeletePlan>(
  'delete-plan',
  (key) => getApi().vmDeletePlan(splitVmKey(key)),
  (e, key) => {
    const { hostId } = splitVmKey(key);
    if (e.type === 'storage-changed' || e.type === 'vm-removed') return e.hostId === hostId;
    return e.type === 'vm-changed' && e.vm.hostId === hostId;
  },
);
