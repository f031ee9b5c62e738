// Whether a VM may be dropped on a host (or picked as the destination in the Migrate dialog), and
// why not, before main is asked anything: only what the model already says (the hosts' migrate
// capability, driver kind and label, connection, the VM's state and a migration already running).
// The pre-checks main runs (memory, CPU, disks …) come later, in the dialog.
import type { Host, Vm, VmState } from '../../../shared/model';
import { stateWord } from './format';

/** States a VM can leave its host from: live while it runs, offline when shut off. */
const MIGRATABLE: ReadonlySet<VmState> = new Set(['running', 'blocked', 'paused', 'shutoff']);

/** null when `vm` may go to `dest`, else why not, in one sentence for a tooltip or status. */
export function migrateRefusal(
  vm: Pick<Vm, 'name' | 'state' | 'hostId'>,
  source: Host | undefined,
  dest: Host,
  migrating: boolean,
): string | null {
  if (dest.id === vm.hostId) return `${vm.name} is already on ${dest.name}.`;
  if (!source) return `The host of ${vm.name} is not known.`;
  if (!source.capabilities.migrate) {
    return `${source.name} (${source.driverLabel}) cannot migrate VMs.`;
  }
  if (!dest.capabilities.migrate) {
    return `${dest.name} (${dest.driverLabel}) cannot receive migrated VMs.`;
  }
  if (source.driver !== dest.driver) {
    return `${dest.name} is ${dest.driverLabel} and ${source.name} is ${source.driverLabel}: a VM migrates only between hosts of the same kind.`;
  }
  if (source.connection !== 'connected') return `${source.name} is not connected.`;
  if (dest.connection !== 'connected') return `${dest.name} is not connected.`;
  if (migrating) return `${vm.name} is already migrating.`;
  if (!MIGRATABLE.has(vm.state)) {
    return `${vm.name} is ${stateWord(vm.state).toLowerCase()}: it can migrate while running or paused (live) or shut off (offline).`;
  }
  return null;
}

/** Why no destination can be offered at all (the Migrate to… button's reason), or null. */
export function noDestination(
  vm: Pick<Vm, 'name' | 'state' | 'hostId'>,
  hosts: readonly Host[],
  migrating: boolean,
): string | null {
  const source = hosts.find((h) => h.id === vm.hostId);
  const others = hosts.filter((h) => h.id !== vm.hostId);
  if (others.length === 0) return 'There is no other host to migrate to.';
  const reasons = others.map((h) => migrateRefusal(vm, source, h, migrating));
  if (reasons.some((r) => r === null)) return null;
  // The same reason for every host (the VM's state, its host) says it best; else the first.
  return reasons.every((r) => r === reasons[0])
    ? reasons[0]!
    : `No host can take ${vm.name} now: ${reasons[0]!}`;
}
