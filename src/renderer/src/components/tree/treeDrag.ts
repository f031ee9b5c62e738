// Dragging a VM row onto another host's row opens the Migrate dialog with that host picked. Each
// host row says, while the VM is over it, whether it would take it and why not (migrateRefusal);
// a refused drop leaves the reason on screen. Escape cancels the drag (the browser's own DnD).
// Module functions, not hooks: the tree's memoized rows get stable handlers.
import type { DragEvent } from 'react';
import { migrateRefusal } from '../../lib/migrationTargets';
import { useAppStore } from '../../store/appStore';
import { useDragStore } from '../../store/dragStore';
import { runningJobOf, useJobStore } from '../../store/jobStore';

const VM_TYPE = 'application/x-virtdesk-vm';
/** A dragleave this close before dragend is the browser's, for the drop it refused. */
const LEAVE_BEFORE_END_MS = 150;

/** '' when the dragged VM may go to `hostId`, else why not. */
function refusalFor(vmKey: string, hostId: string): string {
  const { vms, hosts } = useAppStore.getState();
  const vm = vms[vmKey];
  const dest = hosts[hostId];
  if (!vm || !dest) return 'The VM or the host is gone.';
  const migrating = runningJobOf(useJobStore.getState().jobs, vm.id) !== undefined;
  return migrateRefusal(vm, hosts[vm.hostId], dest, migrating) ?? '';
}

export function dragStartVm(vmKey: string, e: DragEvent): void {
  e.dataTransfer.setData(VM_TYPE, vmKey);
  e.dataTransfer.setData('text/plain', useAppStore.getState().vms[vmKey]?.name ?? vmKey);
  e.dataTransfer.effectAllowed = 'move';
  useDragStore.getState().start(vmKey);
}

export function dragOverHost(hostId: string, e: DragEvent): void {
  const vmKey = useDragStore.getState().vmKey;
  if (vmKey === null) return;
  const why = refusalFor(vmKey, hostId);
  // Every host row takes the drop, so a refused one can say why when the VM is let go there.
  e.preventDefault();
  e.dataTransfer.dropEffect = why ? 'none' : 'move';
  useDragStore.getState().over(hostId, why || null);
}

export function dragLeaveHost(hostId: string, e: DragEvent): void {
  const to = e.relatedTarget;
  if (to instanceof Node && e.currentTarget.contains(to)) return;
  useDragStore.getState().leave(hostId);
}

export function dropOnHost(hostId: string, e: DragEvent): void {
  const drag = useDragStore.getState();
  const vmKey = drag.vmKey;
  if (vmKey === null) return;
  e.preventDefault();
  const why = refusalFor(vmKey, hostId);
  if (why) {
    const vm = useAppStore.getState().vms[vmKey];
    const host = useAppStore.getState().hosts[hostId];
    drag.end(`${vm?.name ?? 'The VM'} was not moved to ${host?.name ?? 'that host'}: ${why}`);
    return;
  }
  drag.end(null);
  useAppStore.getState().openDialog({ kind: 'migrate', key: vmKey, destHostId: hostId });
}

/** The drag ended without a drop on a host that took it (Escape, or let go elsewhere). */
export function dragEnd(): void {
  const drag = useDragStore.getState();
  if (drag.vmKey === null) return;
  const recent =
    drag.left !== null && performance.now() - drag.left.at < LEAVE_BEFORE_END_MS ? drag.left : null;
  const overHostId = drag.overHostId ?? recent?.hostId ?? null;
  const refusal = drag.overHostId !== null ? drag.refusal : (recent?.refusal ?? null);
  if (overHostId !== null && refusal !== null) {
    const vm = useAppStore.getState().vms[drag.vmKey];
    const host = useAppStore.getState().hosts[overHostId];
    drag.end(`${vm?.name ?? 'The VM'} was not moved to ${host?.name ?? 'that host'}: ${refusal}`);
  } else drag.end(null);
}

/** What the drag hint under the tree says now. */
export function dragHint(
  vmName: string | null,
  overName: string | null,
  refusal: string | null,
): string {
  if (vmName === null) return '';
  if (overName === null) return `Drop ${vmName} on another host to migrate it; Escape cancels.`;
  return refusal
    ? `Cannot migrate ${vmName} to ${overName}: ${refusal}`
    : `Drop to migrate ${vmName} to ${overName}.`;
}
