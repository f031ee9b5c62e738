// When the VM the user is looking at migrates away, the selection follows it to the destination
// (the VM leaves its source and appears under the destination as vm events, in either order and
// possibly in different batches; in between, reconcile shows the source host).
import type { ApiEvent } from '../../../shared/api';
import type { Job } from '../../../shared/jobs';
import type { Selection } from './appStore';
import { vmKey } from './keys';

/** Source VM key → its key on the destination, while waiting for it to appear there. */
export type Following = Map<string, { to: string; sourceHostId: string }>;

/** Notes the migrating VMs that were selected when they left their source. */
export function noteDepartures(
  following: Following,
  before: Selection,
  events: readonly ApiEvent[],
  jobs: readonly Job[],
): void {
  if (before?.kind !== 'vm') return;
  for (const ev of events) {
    if (ev.type !== 'vm-removed' || vmKey(ev.hostId, ev.vmId) !== before.key) continue;
    const job = jobs.find(
      (j) =>
        j.kind === 'migration' &&
        j.vmId === ev.vmId &&
        j.hostId === ev.hostId &&
        (j.state === 'running' || j.state === 'completed'),
    );
    if (job) {
      following.set(before.key, {
        to: vmKey(job.migration.destHostId, job.vmId),
        sourceHostId: ev.hostId,
      });
    }
  }
}

/** The selection to move to, once a followed VM is on its destination; null when none. */
export function arrival(
  following: Following,
  selection: Selection,
  vms: Readonly<Record<string, unknown>>,
): Selection {
  for (const [from, f] of following) {
    if (!vms[f.to]) continue;
    following.delete(from);
    // Only while the user is still where the departure left them (the source host).
    const stayed =
      selection === null ||
      (selection.kind === 'host' && selection.hostId === f.sourceHostId) ||
      (selection.kind === 'vm' && selection.key === from);
    if (stayed) return { kind: 'vm', key: f.to };
  }
  return null;
}
