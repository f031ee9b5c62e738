// What the UI asks of main: each command calls the api, marks the VM busy meanwhile (so a double
// click sends once) and reports failures as dismissible errors. Resulting state changes arrive
// as events through sync.ts; only creation and deletion are applied at once, so the new VM can be
// selected and a deleted one disappears even before its event.
import type { ErrorCode } from '../../../shared/errors';
import { isErrorCode } from '../../../shared/errors';
import type { NewVmSpec, Vm } from '../../../shared/model';
import { getApi } from '../api';
import type { VmAction } from '../lib/vmActions';
import { ACTION_LABELS } from '../lib/vmActions';
import { useAppStore } from './appStore';
import { splitVmKey, vmKey } from './keys';
import { errorMessage } from '../lib/errorText';

/** opts.withStorage: for delete, whether the disk images go too (the api's default is true). */
export async function runVmAction(
  key: string,
  action: VmAction,
  opts: { withStorage?: boolean } = {},
): Promise<void> {
  const store = useAppStore.getState();
  if (store.inflight[key]) return;
  const vm = store.vms[key];
  if (!vm) return;
  const ref = splitVmKey(key);
  store.setInflight(key, action);
  try {
    const api = getApi();
    switch (action) {
      case 'start':
        await api.vmStart(ref);
        break;
      case 'shutdown':
        await api.vmShutdown(ref);
        break;
      case 'reboot':
        await api.vmReboot(ref);
        break;
      case 'forceOff':
        await api.vmForceOff(ref);
        break;
      case 'pause':
        await api.vmPause(ref);
        break;
      case 'resume':
        await api.vmResume(ref);
        break;
      case 'delete':
        await api.vmDelete(
          opts.withStorage === undefined ? ref : { ...ref, withStorage: opts.withStorage },
        );
        useAppStore.getState().removeVm(ref.hostId, ref.vmId);
        break;
    }
  } catch (e) {
    const code = codeOf(e);
    useAppStore.getState().pushError({
      code,
      message:
        code === 'DISCONNECTED'
          ? `${ACTION_LABELS[action]} ${vm.name}: the connection dropped before virtdesk answered. Check the VM's state once reconnected.`
          : `${ACTION_LABELS[action]} ${vm.name} failed: ${errorMessage(e)}`,
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
    useAppStore.getState().pushError({ code: codeOf(e), message: errorMessage(e) });
  }
}

function codeOf(e: unknown): ErrorCode | null {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return isErrorCode(code) ? code : null;
}
