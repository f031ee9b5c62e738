// Domain snapshots on a simulated host, as libvirt's qemu driver keeps internal ones: a tree per
// VM of domainsnapshot documents, one of them current. Creating checks libvirt's rules
// (snapshotRules.ts); reverting puts back the VM's persistent and live definitions, its state
// and, for a memory snapshot, its guest console; deleting follows snapshot-delete's three modes.
// The host owns timers, consoles and the store; it lends them through SnapshotHost.
import { VirtdeskError } from '../../../shared/errors';
import type { XmlDocument } from '../../../shared/libvirt-xml';
import {
  newDomainSnapshot,
  parseXml,
  serializeXml,
  setSnapshotParent,
  snapshotDomains,
} from '../../../shared/libvirt-xml';
import type {
  NewSnapshotSpec,
  Snapshot,
  SnapshotDeleteMode,
  Vm,
  VmState,
} from '../../../shared/model';
import type { Clock } from '../clock';
import type { DriverEvent, SnapshotOps } from '../driver';
import { domainDocOf, sameDefinition } from '../common/domainDoc';
import { assertRevertable, deletePlanFor, noSuchSnapshot } from '../common/snapshotChecks';
import type { GuestConsoleState } from './guest/guestState';
import type { SimVm, SimVmState } from './simVm';
import type { SimSnapshot, VmSnapshots } from './snapshotRecord';
import { NO_SNAPSHOTS, snapshotOf, snapshotView } from './snapshotRecord';
import { afterWrite } from '../../persistence/confirm';
import { checkCreate, memoryStateBytes, snapshotSpecFor } from './snapshotRules';

export interface SnapshotHost {
  readonly hostId: string;
  readonly clock: Clock;
  find(vmId: string): SimVm;
  /** The guest console's state, for a memory snapshot. */
  consoleState(vmId: string): GuestConsoleState | null;
  /**
   * Replaces the VM with a reverted one: pending timers dropped, the record committed (vm-changed)
   * and the guest console restored from `console` (or left at its login prompt when null).
   */
  replaceVm(next: SimVmState, console: GuestConsoleState | null): Promise<Vm>;
  /** Resolves once the write holding the host as it is now is on disk. */
  persist(): Promise<void>;
  emit(event: DriverEvent): void;
}

export class SimSnapshots implements SnapshotOps {
  private readonly byVm = new Map<string, VmSnapshots>();

  constructor(
    private readonly host: SnapshotHost,
    saved?: ReadonlyMap<string, VmSnapshots>,
  ) {
    for (const [vmId, s] of saved ?? []) if (s.list.length > 0) this.byVm.set(vmId, s);
  }

  /** What the store saves for a VM. */
  readonly of = (vmId: string): VmSnapshots => this.byVm.get(vmId) ?? NO_SNAPSHOTS;

  /** Refuses to undefine a VM that has snapshots, as libvirt does without --snapshots-metadata. */
  assertNone(vm: SimVm): void {
    const n = this.of(vm.id).list.length;
    if (n > 0)
      throw new VirtdeskError(
        'CONFLICT',
        `${vm.view.name} has ${n} snapshot${n === 1 ? '' : 's'}: delete ${n === 1 ? 'it' : 'them'} first.`,
      );
  }

  async snapshotList({ vmId }: { vmId: string }): Promise<Snapshot[]> {
    this.host.find(vmId);
    const s = this.of(vmId);
    return s.list.map((x) => snapshotView(x, s.current));
  }

  async snapshotCreate({ vmId, ...spec }: { vmId: string } & NewSnapshotSpec): Promise<Snapshot> {
    const vm = this.host.find(vmId);
    const before = this.of(vmId);
    checkCreate(vm, spec, before);
    const doc = newDomainSnapshot(snapshotSpecFor(vm, spec, before.current, this.host.clock.now()));
    const snap = snapshotOf(doc, {
      sizeBytes: spec.withMemory ? memoryStateBytes(vm) : null,
      console: spec.withMemory ? this.host.consoleState(vmId) : null,
    });
    await this.set(vmId, { list: [...before.list, snap], current: snap.name });
    return snapshotView(snap, snap.name);
  }

  async snapshotRevert({ vmId, name }: { vmId: string; name: string }): Promise<Vm> {
    const vm = this.host.find(vmId);
    const tree = this.of(vmId);
    const snap = this.named(vm, tree, name);
    assertRevertable(snap, vm.view.name);
    const next = revertedState(vm, snap);
    // Both changes share a write; all() waits for both and leaves no failure unobserved.
    const [view] = await Promise.all([
      this.host.replaceVm(next, snap.hasMemory ? snap.console : null),
      this.set(vmId, { list: tree.list, current: name }),
    ]);
    return view;
  }

  async snapshotDelete({
    vmId,
    name,
    mode,
  }: {
    vmId: string;
    name: string;
    mode: SnapshotDeleteMode;
  }): Promise<{ deleted: string[] }> {
    const vmName = this.host.find(vmId).view.name;
    const tree = this.of(vmId);
    const plan = deletePlanFor(vmName, tree, name, mode);
    const gone = new Set(plan.deleted);
    const moved = new Map(plan.reparented.map((r) => [r.name, r.parent]));
    const list = tree.list
      .filter((s) => !gone.has(s.name))
      .map((s) => (moved.has(s.name) ? reparent(s, moved.get(s.name) ?? null) : s));
    await this.set(vmId, { list, current: plan.current });
    return { deleted: plan.deleted };
  }

  private named(vm: SimVm, tree: VmSnapshots, name: string): SimSnapshot {
    const snap = tree.list.find((s) => s.name === name);
    if (!snap) throw noSuchSnapshot(vm.view.name, name);
    return snap;
  }

  /** Stores the VM's snapshots, and announces them once the write holding them is on disk. */
  private set(vmId: string, next: VmSnapshots): Promise<void> {
    if (next.list.length === 0) this.byVm.delete(vmId);
    else this.byVm.set(vmId, next);
    return afterWrite(this.host.persist(), () =>
      this.host.emit({ type: 'snapshots-changed', hostId: this.host.hostId, vmId }),
    );
  }
}

function reparent(s: SimSnapshot, parent: string | null): SimSnapshot {
  const doc: XmlDocument = parseXml(s.xml, { root: 'domainsnapshot' });
  setSnapshotParent(doc, parent);
  return { ...s, parent, xml: serializeXml(doc) };
}

/**
 * The VM as the snapshot left it. A memory snapshot of a running or paused VM comes back in that
 * state; any other (disk-only, or taken shut off) leaves the VM shut off, as libvirt does.
 */
function revertedState(vm: SimVm, snap: SimSnapshot): SimVmState {
  const { domain, inactive } = snapshotDomains(parseXml(snap.xml, { root: 'domainsnapshot' }));
  if (!domain)
    throw new VirtdeskError(
      'HOST_ERROR',
      `Snapshot ${snap.name} of ${vm.view.name} holds no domain definition, so it cannot be reverted.`,
    );
  const liveDoc = domainDocOf(domain);
  const config = inactive ? domainDocOf(inactive) : liveDoc;
  const resumed =
    snap.hasMemory && (snap.xmlState === 'running' || snap.xmlState === 'paused')
      ? (snap.xmlState as VmState)
      : null;
  const kept = { id: vm.id, autostart: vm.autostart, config };
  if (resumed === null)
    return { ...kept, state: 'shutoff', guest: null, live: null, pendingChanges: false };
  return {
    ...kept,
    state: resumed,
    guest: snap.console?.phase === 'booting' ? 'booting' : 'up',
    live: liveDoc,
    pendingChanges: !sameDefinition(config, liveDoc, inactive),
  };
}
