// What the Storage view asks of main. A host's pools and a pool's volumes are resources, shown
// while a view of them is: they reload on storage-changed events for their host. Pool buttons mark
// the pool busy (so a double click sends once) and report failures as dismissible errors; dialogs
// call the api themselves and show a refusal in place. Every success reloads what is shown,
// without waiting for the event.
import type { AttachResult, PoolRef } from '../../../shared/api';
import type { AttachBus, Pool, PoolSpec, Volume, VolumeFormat } from '../../../shared/model';
import { getApi } from '../api';
import { errorCode, errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';
import { defineResource } from './resources';
import { splitVolumesKey, useStorageStore, volumesKey } from './storageStore';

/** A host's storage pools, by host id, while its Storage view (or the New VM dialog) shows them. */
export const hostPools = defineResource<Pool[]>(
  'pools',
  (hostId) => getApi().poolList({ hostId }),
  (e, hostId) => e.type === 'storage-changed' && e.hostId === hostId,
);

/** A pool's volumes, by volumesKey, while a view shows them. */
export const poolVolumes = defineResource<Volume[]>(
  'volumes',
  (key) => getApi().volumeList(splitVolumesKey(key)),
  (e, key) => e.type === 'storage-changed' && splitVolumesKey(key).hostId === e.hostId,
);

/** Reloads what is shown of a host's storage: its pools and every volume list. */
function reloadHostStorage(hostId: string): void {
  void hostPools.reload(hostId);
  void poolVolumes.reload((key) => splitVolumesKey(key).hostId === hostId);
}

/** Each pool button: its label in a failure message and the api call it makes. */
const POOL_ACTIONS = {
  start: { label: 'Start', call: (ref: PoolRef) => getApi().poolStart(ref) },
  stop: { label: 'Stop', call: (ref: PoolRef) => getApi().poolStop(ref) },
  refresh: { label: 'Refresh', call: (ref: PoolRef) => getApi().poolRefresh(ref) },
  'autostart-on': {
    label: 'Turn on autostart for',
    call: (ref: PoolRef) => getApi().poolSetAutostart({ ...ref, autostart: true }),
  },
  'autostart-off': {
    label: 'Turn off autostart for',
    call: (ref: PoolRef) => getApi().poolSetAutostart({ ...ref, autostart: false }),
  },
} satisfies Record<string, { label: string; call(ref: PoolRef): Promise<Pool> }>;

export type PoolAction = keyof typeof POOL_ACTIONS;

export async function runPoolAction(hostId: string, pool: string, action: PoolAction) {
  const store = useStorageStore.getState();
  if (store.busy[volumesKey(hostId, pool)]) return;
  store.setBusy(hostId, pool, action);
  try {
    const result = await POOL_ACTIONS[action].call({ hostId, pool });
    hostPools.update(hostId, (pools) => pools.map((p) => (p.name === result.name ? result : p)));
    reloadHostStorage(hostId);
  } catch (e) {
    useAppStore.getState().pushError({
      code: errorCode(e),
      message: `${POOL_ACTIONS[action].label} ${pool} failed: ${errorMessage(e)}`,
    });
  } finally {
    useStorageStore.getState().setBusy(hostId, pool, null);
  }
}

/** Defines a pool and, when asked, starts it; throws for the dialog to show. */
export async function definePool(hostId: string, spec: PoolSpec, start: boolean): Promise<void> {
  const api = getApi();
  await api.poolDefine({ hostId, spec });
  useStorageStore.getState().selectPool(hostId, spec.name);
  await hostPools.reload(hostId);
  if (start) {
    try {
      await api.poolStart({ hostId, pool: spec.name });
    } catch (e) {
      useAppStore.getState().pushError({
        code: errorCode(e),
        message: `Pool ${spec.name} was defined but did not start: ${errorMessage(e)}`,
      });
    }
  }
  reloadHostStorage(hostId);
}

export async function createVolume(
  hostId: string,
  pool: string,
  req: { name: string; format: VolumeFormat; capacityBytes: number },
): Promise<void> {
  await getApi().volumeCreate({ hostId, pool, ...req });
  reloadHostStorage(hostId);
}

export async function resizeVolume(hostId: string, pool: string, name: string, bytes: number) {
  await getApi().volumeResize({ hostId, pool, name, capacityBytes: bytes });
  reloadHostStorage(hostId);
}

export async function cloneVolume(hostId: string, pool: string, name: string, newName: string) {
  await getApi().volumeClone({ hostId, pool, name, newName });
  reloadHostStorage(hostId);
}

export async function deleteVolume(hostId: string, pool: string, name: string) {
  await getApi().volumeDelete({ hostId, pool, name });
  reloadHostStorage(hostId);
}

/** Attaches and shows the VM's new disk at once (its vm-changed event follows). */
export async function attachVolume(
  hostId: string,
  pool: string,
  name: string,
  vmId: string,
  bus: AttachBus,
): Promise<AttachResult> {
  const result = await getApi().volumeAttach({ hostId, pool, name, vmId, bus });
  useAppStore.getState().updateOrAddVm(result.vm);
  reloadHostStorage(hostId);
  return result;
}
