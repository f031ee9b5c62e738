// The XML editor's requests: read a VM's definition, and define a new one. A define that succeeds
// updates the VM at once (its pendingChanges flag drives the "applies next boot" banner); one that
// fails throws for the editor to show. The editor clears its draft itself, once it holds the text.
import type { DefineResult, DomainXml } from '../../../shared/api';
import { getApi } from '../api';
import { useAppStore } from './appStore';
import { splitVmKey } from './keys';

export function loadVmXml(key: string): Promise<DomainXml> {
  return getApi().vmGetXml(splitVmKey(key));
}

export async function defineVmXml(key: string, xml: string): Promise<DefineResult> {
  const result = await getApi().vmDefineXml({ ...splitVmKey(key), xml });
  // The flag may lag behind in the returned VM; the define itself says the change waits.
  const vm = result.appliesOnNextBoot ? { ...result.vm, pendingChanges: true } : result.vm;
  useAppStore.getState().updateOrAddVm(vm);
  return result;
}
