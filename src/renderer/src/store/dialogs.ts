// The dialogs the app can show, one at a time in appStore.dialog, each with what it is about:
// data only (keys, names), never a callback, so what a dialog does lives in its command.
// DialogHost (components/layout) renders the open one; a new dialog adds its kind here and its
// component there.
import type { HardwareChange } from '../../../shared/hardware';
import type { VmTab } from '../lib/detailTabs';
import type { Selection } from './appStore';

/** Where the user was going when unsaved XML edits stopped them. */
export type LeaveTarget = { kind: 'select'; selection: Selection } | { kind: 'tab'; tab: VmTab };

export type Dialog =
  // The app's own: VMs and connections.
  | { kind: 'confirm'; action: 'forceOff' | 'delete'; key: string }
  | { kind: 'new-vm' }
  | { kind: 'apply-xml'; key: string }
  | { kind: 'discard-xml'; key: string; then: LeaveTarget }
  | { kind: 'add-connection' }
  | { kind: 'remove-connection'; hostId: string }
  // A host's storage.
  | { kind: 'define-pool'; hostId: string }
  | { kind: 'create-volume'; hostId: string; pool: string }
  | { kind: 'resize' | 'clone' | 'delete' | 'attach'; hostId: string; pool: string; volume: string }
  // A host's networks.
  | { kind: 'define-network'; hostId: string }
  | { kind: 'network-stop' | 'network-undefine'; hostId: string; network: string }
  // A host's tuning.
  | { kind: 'hugepages'; hostId: string; node: number; sizeKiB: number }
  // PCI passthrough: a VM's host devices, a PF's VF network.
  | { kind: 'add-host-device'; key: string }
  | { kind: 'remove-host-device'; key: string; address: string }
  | { kind: 'vf-network'; hostId: string; address: string }
  // A VM's snapshots.
  | { kind: 'snapshot-create'; key: string }
  | { kind: 'snapshot-revert' | 'snapshot-delete'; key: string; name: string }
  // A VM's hardware: the review of one section's change (plan, XML diff) before it is applied.
  | { kind: 'hardware-review'; key: string; change: HardwareChange }
  // A VM's screen.
  | { kind: 'display-add'; key: string; spice: boolean }
  // Migration (a drop on a host names the destination) and its job.
  | { kind: 'migrate'; key: string; destHostId: string | null }
  | { kind: 'job-cancel'; jobId: string }
  | null;

export type DialogKind = NonNullable<Dialog>['kind'];
export type DialogOf<K extends DialogKind> = Extract<NonNullable<Dialog>, { kind: K }>;
