// Why a VM's lifecycle button is unavailable. What the VM's state allows is the shared table's
// (shared/lifecycle.ts, the same one the drivers refuse with); only the host connection is the
// renderer's own reason.
import type { VmAction } from '../../../shared/lifecycle';
import { lifecycleRefusal } from '../../../shared/lifecycle';
import type { Host, Vm } from '../../../shared/model';

/** null when the action is allowed, else why not, in words for a tooltip. */
export function whyDisabled(
  action: VmAction,
  vm: Pick<Vm, 'name' | 'state'>,
  host: Pick<Host, 'name' | 'connection'> | undefined,
): string | null {
  if (!host) return 'The VM’s host is not known';
  if (host.connection === 'connecting') return `${host.name} is connecting…`;
  if (host.connection !== 'connected') return `${host.name} is disconnected`;
  return lifecycleRefusal(action, vm);
}
