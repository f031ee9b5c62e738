// Lifecycle commands on a remote domain: libvirt decides what is allowed (its refusal comes back
// as INVALID_STATE with libvirt's reason), then the domain is re-read in the same breath so the
// caller gets the fresh Vm and the UI its vm-changed without waiting for the event.
import { VirtdeskError } from '../../../shared/errors';
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
import { isActiveState } from './vmRecord';

export type LifecycleAction =
  'start' | 'shutdown' | 'reboot' | 'forceOff' | 'suspend' | 'resume' | 'undefine';

const RUN: Record<LifecycleAction, (a: { virsh: Virsh; id: string }) => Promise<void>> = {
  start: domainStart,
  shutdown: domainShutdown,
  reboot: domainReboot,
  forceOff: domainDestroy,
  suspend: domainSuspend,
  resume: domainResume,
  undefine: domainUndefine,
};

const VERB: Record<LifecycleAction, string> = {
  start: 'start',
  shutdown: 'shut down',
  reboot: 'reboot',
  forceOff: 'force off',
  suspend: 'pause',
  resume: 'resume',
  undefine: 'delete',
};

export async function runLifecycle({
  session,
  vm,
  action,
  hostName,
}: {
  session: HostSession;
  vm: DomainRecord;
  action: LifecycleAction;
  hostName: string;
}): Promise<Vm> {
  const name = vm.view.name;
  // undefine of a running domain would make it transient, not delete it (the interface says
  // "refused unless shut off").
  if (action === 'undefine' && isActiveState(vm.state)) {
    throw new VirtdeskError(
      'INVALID_STATE',
      `Cannot delete ${name}: it is ${vm.view.state}; shut it off first.`,
    );
  }
  try {
    await RUN[action]({ virsh: session.virsh, id: vm.id });
  } catch (e) {
    if (!(e instanceof VirtdeskError) || e.code === 'DISCONNECTED') throw e;
    if (e.code === 'NOT_FOUND') await session.reread(vm.id).catch(() => null);
    throw new VirtdeskError(e.code, `Cannot ${VERB[action]} ${name} on ${hostName}: ${e.message}`);
  }
  const fresh = await session.reread(vm.id);
  if (fresh) return fresh.view;
  if (action === 'undefine') return vm.view;
  throw new VirtdeskError('NOT_FOUND', `${name} is gone from ${hostName}.`);
}
