// The XML editor's requests: a VM's definition (a per-VM resource, loaded while the tab is open
// and after reconnects), and defining a new one. A define that succeeds
// updates the VM at once (its pendingChanges flag drives the "applies next boot" banner); one that
// fails throws for the editor to show. The editor clears its draft itself, once it holds the text.
import type { DefineResult, DomainXml } from '../../../shared/api';
import { getApi } from '../api';
import { useAppStore } from './appStore';
import { splitVmKey } from './keys';
import { defineResource } from './resources';

/** A VM's XML (vmGetXml), by VM key, while its XML tab is open. */
export const vmXml = defineResource<DomainXml>('vm-xml', (key) =>
  getApi().vmGetXml(splitVmKey(key)),
);

export async function defineVmXml(key: string, xml: string): Promise<DefineResult> {
  const result = await getApi().vmDefineXml({ ...splitVmKey(key), xml });
  // The flag may lag behind in the returned VM; the define itself says the change waits.
  const vm = result.appliesOnNextBoot ? { ...result.vm, pendingChanges: true } : result.vm;
  useAppStore.getState().updateOrAddVm(vm);
  return result;
}
