// Bringing a host's VM list up to date when the host (re)connects: a remote host that connects
// after the snapshot, or comes back after a drop, may have VMs the store has never seen or still
// shows VMs that are gone. The list main returns is turned into the same events main pushes.
import type { ApiEvent } from '../../../shared/api';
import type { Host, Vm } from '../../../shared/model';
import type { Inventory } from './reducers';
import { splitVmKey, vmKey } from './keys';

/** Hosts that became connected with these events (new, or from connecting/disconnected). */
export function hostsNowConnected(
  before: Readonly<Record<string, Host>>,
  events: readonly ApiEvent[],
): string[] {
  const ids = new Set<string>();
  for (const ev of events) {
    if (ev.type !== 'host-changed') continue;
    const id = ev.host.id;
    if (ev.host.connection === 'connected' && before[id]?.connection !== 'connected') ids.add(id);
    else if (ev.host.connection !== 'connected') ids.delete(id);
  }
  return [...ids];
}

/** vm-changed for every listed VM, vm-removed for the ones the store knows and the host lost. */
export function vmListEvents(inv: Inventory, hostId: string, vms: readonly Vm[]): ApiEvent[] {
  const listed = new Set(vms.map((vm) => vmKey(hostId, vm.id)));
  const events: ApiEvent[] = vms.map((vm) => ({ type: 'vm-changed', vm }));
  for (const key of inv.vmOrder[hostId] ?? []) {
    if (!listed.has(key)) events.push({ type: 'vm-removed', hostId, vmId: splitVmKey(key).vmId });
  }
  return events;
}
