// The Display tab's one change to a VM: give it a VNC display (and a video device), or switch its
// SPICE graphics to VNC. A define like the XML editor's: a running VM gets it at its next boot.
import { withVncDisplay } from '../../../shared/displayXml';
import { getApi } from '../api';
import { useAppStore } from './appStore';
import { splitVmKey } from './keys';
import { vmXml } from './xmlCommands';

export async function addVncDisplay(key: string): Promise<void> {
  const ref = splitVmKey(key);
  const { xml } = await getApi().vmGetXml(ref);
  const result = await getApi().vmDefineXml({ ...ref, xml: withVncDisplay(xml) });
  const vm = result.appliesOnNextBoot ? { ...result.vm, pendingChanges: true } : result.vm;
  useAppStore.getState().updateOrAddVm(vm);
  void vmXml.reload(key);
}
