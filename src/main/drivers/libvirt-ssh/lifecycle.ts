// Lifecycle commands on a remote domain: refused up front by the shared table on the state the
// inventory holds, then libvirt has the final word (its refusal comes back as INVALID_STATE with
// libvirt's reason, e.g. when the domain changed before the event said so). The domain is re-read
// in the same breath so the caller gets the fresh Vm and the UI its vm-changed without waiting.
import { VirtdeskError } from '../../../shared/errors';
import { vmGone } from '../common/vmErrors';
import { actionVerb, assertLifecycle, type VmAction } from '../../../shared/lifecycle';
import type { Vm } from '../../../shared/model';
import type { Virsh } from './domain';
import {
  domainDestroy,
  domainReboot,
  domainResume,
  domainShutdown,
  domainStart,
  domainSuspend,
  domainUndefine,
} from './domain';
import type { HostSession } from './hostSession';
import type { DomainRecord } from './vmRecord';

const RUN: Record<VmAction, (a: { virsh: Virsh; id: string }) => Promise<void>> = {
  start: domainStart,
  shutdown: domainShutdown,
  reboot: domainReboot,
  forceOff: domainDestroy,
  pause: domainSuspend,
  resume: domainResume,
  delete: domainUndefine,
};

export async function runLifecycle({
  session,
  vm,
  action,
  hostName,
}: {
  session: HostSession;
  vm: DomainRecord;
  action: VmAction;
  hostName: string;
}): Promise<Vm> {
  const name = vm.view.name;
  // Also what keeps delete from undefining an active domain, which would only make it transient.
  assertLifecycle(action, vm.view);
  try {
    await RUN[action]({ virsh: session.virsh, id: vm.id });
  } catch (e) {
    if (!(e instanceof VirtdeskError) || e.code === 'DISCONNECTED') throw e;
    if (e.code === 'NOT_FOUND') await session.reread(vm.id).catch(() => null);
    throw new VirtdeskError(
      e.code,
      `Cannot ${actionVerb(action)} ${name} on ${hostName}: ${e.message}`,
    );
  }
  const fresh = await session.reread(vm.id);
  if (fresh) return fresh.view;
  if (action === 'delete') return vm.view;
  throw vmGone(name, hostName);
}
