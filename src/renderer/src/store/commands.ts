// What the UI asks of main: each command calls the api, marks the VM busy meanwhile (so a double
// click sends once) and reports failures as dismissible errors. Resulting state changes arrive
// as events through sync.ts; only creation and deletion are applied at once, so the new VM can be
// selected and a deleted one disappears even before its event.
import type { NewVmSpec, Vm } from '../../../shared/model';
import { getApi } from '../api';
import type { VmRef } from '../../../shared/api';
import type { DiskChoice } from '../../../shared/deletePlan';
import type { VmAction } from '../../../shared/lifecycle';
import { VM_ACTION_LABEL, VM_ACTION_METHOD } from '../../../shared/lifecycle';
import { useAppStore } from './appStore';
import { splitVmKey, vmKey } from './keys';
import { errorCode, errorMessage } from '../lib/errorText';

/** What an action changes at once, before its event arrives: a deleted VM leaves the tree. */
const APPLY_AT_ONCE: Partial<Record<VmAction, (ref: VmRef) => void>> = {
  delete: (ref) => useAppStore.getState().removeVm(ref.hostId, ref.vmId),
};

/** opts.disks: for delete, the disks to delete with the VM (none when absent). */
export async function runVmAction(
  key: string,
  action: VmAction,
  opts: { disks?: DiskChoice[] } = {},
): Promise<void> {
  const store = useAppStore.getState();
  if (store.inflight[key]) return;
  const vm = store.vms[key];
  if (!vm) return;
  const ref = splitVmKey(key);
  store.setInflight(key, action);
  try {
    await (action === 'delete'
      ? getApi().vmDelete({ ...ref, disks: opts.disks ?? [] })
      : getApi()[VM_ACTION_METHOD[action]](ref));
    APPLY_AT_ONCE[action]?.(ref);
  } catch (e) {
    const code = errorCode(e);
    const label = VM_ACTION_LABEL[action];
    useAppStore.getState().pushError({
      code,
      message:
        code === 'DISCONNECTED'
          ? `${label} ${vm.name}: the connection dropped before virtdesk answered. Check the VM's state once reconnected.`
          : `${label} ${vm.name} failed: ${errorMessage(e)}`,
    });
  } finally {
    useAppStore.getState().setInflight(key, null);
  }
}

/** Creates a VM and selects it; throws for the dialog to show. */
export async function createVm(hostId: string, spec: NewVmSpec): Promise<Vm> {
  const vm = await getApi().vmCreate({ hostId, spec });
  const store = useAppStore.getState();
  store.updateOrAddVm(vm);
  const matches = vm.name.toLowerCase().includes(store.search.trim().toLowerCase());
  if (!matches) store.setSearch('');
  store.select({ kind: 'vm', key: vmKey(vm.hostId, vm.id) });
  return vm;
}

export async function noticeDismiss(noticeId: string): Promise<void> {
  useAppStore.getState().removeNotice(noticeId);
  try {
    await getApi().noticeDismiss({ noticeId });
  } catch (e) {
    useAppStore.getState().pushError({ code: errorCode(e), message: errorMessage(e) });
  }
}
