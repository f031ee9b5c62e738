// Domain snapshots on a remote host (DriverSnapshotOps) through the host's virsh session:
// snapshot-list / snapshot-dumpxml / snapshot-current to read the tree, snapshot-create-as,
// snapshot-revert and snapshot-delete (--children / --children-only) to change it. Domains are
// addressed by UUID and every value is quoted (quote.ts). The checks both drivers make are
// common/snapshotChecks.ts; what libvirt itself refuses comes back with libvirt's words
// (snapshotXml.ts).
import { VirtdeskError } from '../../../shared/errors';
import type { NewSnapshotSpec, Snapshot, SnapshotDeleteMode, Vm } from '../../../shared/model';
import {
  checkNewSnapshotName,
  checkSnapshotDescription,
  checkSnapshotRef,
  snapshotVmState,
} from '../../../shared/snapshots';
import type { DriverEvent, SnapshotOps } from '../driver';
import {
  assertRevertable,
  checkSnapshotState,
  deletePlanFor,
  noSuchSnapshot,
} from '../common/snapshotChecks';
import { vmGone } from '../common/vmErrors';
import { STATE_WORDS } from '../../../shared/lifecycle';
import type { Virsh } from './domain';
import { parseSnapshotNames, type UnsendableSnapshot } from './snapshotNames';
import { unsendableReason, virshLine } from './quote';
import { snapshotError, snapshotFromXml } from './snapshotXml';
import type { DomainRecord } from './vmRecord';

export interface SnapshotHost {
  names(): { hostId: string; hostName: string };
  virsh(): Virsh;
  find(vmId: string): DomainRecord;
  /** Re-reads the domain (the inventory emits vm-changed); null when it is gone. */
  reread(vmId: string): Promise<DomainRecord | null>;
  emit(event: DriverEvent): void;
}

const dom = (id: string) => ['--domain', id] as const;

/** A snapshot virsh cannot be sent the name of: what its table row tells, and why. */
function readOnlySnapshot(u: UnsendableSnapshot, current: string | null): Snapshot {
  return {
    name: u.name,
    description: '',
    createdAt: Number.isFinite(u.createdAt) ? u.createdAt : 0,
    state: snapshotVmState(u.state),
    hasMemory: false,
    parent: null,
    isCurrent: u.name === current,
    sizeBytes: null,
    external: false,
    readOnly: unsendableReason(u.name) ?? 'cannot be passed to virsh',
  };
}

export class SshSnapshots implements SnapshotOps {
  constructor(private readonly host: SnapshotHost) {}

  /** Oldest first (parents always before their children). */
  async snapshotList({ vmId }: { vmId: string }): Promise<Snapshot[]> {
    this.host.find(vmId);
    const virsh = this.host.virsh();
    const [names, table, current] = await virsh.batch([
      virshLine('snapshot-list', dom(vmId), '--name', '--topological'),
      virshLine('snapshot-list', dom(vmId), '--topological'),
      virshLine('snapshot-current', dom(vmId), '--name'),
    ]);
    if (!names?.ok) throw this.mapped(names?.error);
    // Exactly as printed (TABs, edge spaces); names holding a line break: snapshotNames.ts.
    const { sendable: list, unsendable } = parseSnapshotNames(
      names.stdout,
      table?.ok ? table.stdout : '',
    );
    const currentName = current?.ok ? current.stdout.replace(/\n$/, '') : null;
    const xmls = await virsh.batch(
      list.map((n) => virshLine('snapshot-dumpxml', dom(vmId), ['--snapshotname', n])),
    );
    const out: Snapshot[] = [];
    xmls.forEach((r, i) => {
      // A snapshot deleted between the two round trips is simply not listed.
      if (r.ok) out.push(snapshotFromXml(r.stdout, currentName));
      else if (
        r.error.code !== 'NOT_FOUND' &&
        !/not found|no domain snapshot/i.test(r.error.message)
      )
        throw this.mapped(r.error, list[i]);
    });
    for (const u of unsendable) out.push(readOnlySnapshot(u, currentName));
    const order = new Map(out.map((s, i) => [s.name, i]));
    const at = (n: string) => order.get(n) ?? 0;
    // Oldest first; topological order breaks ties (libvirt records whole seconds).
    return out.sort((a, b) => a.createdAt - b.createdAt || at(a.name) - at(b.name));
  }

  async snapshotCreate({ vmId, ...spec }: { vmId: string } & NewSnapshotSpec): Promise<Snapshot> {
    const vm = this.host.find(vmId);
    const name = vm.view.name;
    const existing = await this.snapshotList({ vmId });
    const nameProblem = checkNewSnapshotName(spec.name, existing, name);
    if (nameProblem !== null) {
      const taken = existing.some((s) => s.name === spec.name);
      throw new VirtdeskError(taken ? 'CONFLICT' : 'INVALID_INPUT', nameProblem, 'name');
    }
    const descProblem = checkSnapshotDescription(spec.description);
    if (descProblem !== null) throw new VirtdeskError('INVALID_INPUT', descProblem, 'description');
    const state = vm.state;
    checkSnapshotState(name, state, spec);
    // libvirt makes a disk-only snapshot of an active domain EXTERNAL (overlay files), which
    // libvirt 9 can neither revert nor delete; quiesce needs such a snapshot. Refused up front.
    if (!spec.withMemory && state !== 'shutoff')
      throw new VirtdeskError(
        'UNSUPPORTED',
        `A snapshot of ${name} without memory while it is ${STATE_WORDS[state]} would be external (overlay files), which libvirt cannot revert: include the memory state, or shut ${name} off first.`,
        'withMemory',
      );
    if (spec.quiesce)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Cannot quiesce: quiesce needs the QEMU guest agent running in ${name}, and ${name} is ${STATE_WORDS[state]}.`,
        'quiesce',
      );
    const args: Parameters<typeof virshLine>[1][] = [dom(vmId), ['--name', spec.name]];
    if (spec.description !== '') args.push(['--description', spec.description]);
    try {
      await this.host.virsh().call(virshLine('snapshot-create-as', ...args));
    } catch (e) {
      throw this.mapped(e, spec.name);
    } finally {
      this.changed(vmId);
    }
    const made = (await this.snapshotList({ vmId })).find((s) => s.name === spec.name);
    if (!made)
      throw new VirtdeskError(
        'HOST_ERROR',
        `Snapshot ${spec.name} was created but cannot be read.`,
      );
    return made;
  }

  async snapshotRevert({ vmId, name }: { vmId: string; name: string }): Promise<Vm> {
    const vm = this.host.find(vmId);
    const snap = await this.named(vm, name);
    assertRevertable(snap, vm.view.name);
    try {
      await this.host
        .virsh()
        .call(virshLine('snapshot-revert', dom(vmId), ['--snapshotname', name]));
    } catch (e) {
      throw this.mapped(e, name);
    } finally {
      this.changed(vmId);
    }
    const r = await this.host.reread(vmId);
    if (!r) throw vmGone(vm.view.name, this.host.names().hostName);
    return structuredClone(r.view);
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
    const vm = this.host.find(vmId);
    const list = await this.snapshotList({ vmId });
    const current = list.find((s) => s.isCurrent)?.name ?? null;
    const plan = deletePlanFor(vm.view.name, { list, current }, name, mode);
    const flag =
      mode === 'subtree'
        ? ['--children' as const]
        : mode === 'children-only'
          ? ['--children-only' as const]
          : [];
    try {
      await this.host
        .virsh()
        .call(virshLine('snapshot-delete', dom(vmId), ['--snapshotname', name], ...flag));
    } catch (e) {
      throw this.mapped(e, name);
    } finally {
      this.changed(vmId);
    }
    return { deleted: plan.deleted };
  }

  private async named(vm: DomainRecord, name: string): Promise<Snapshot> {
    const problem = checkSnapshotRef(name);
    if (problem !== null) throw new VirtdeskError('INVALID_INPUT', problem, 'name');
    const snap = (await this.snapshotList({ vmId: vm.id })).find((s) => s.name === name);
    if (!snap) throw noSuchSnapshot(vm.view.name, name);
    return snap;
  }

  private mapped(e: unknown, snapshot?: string): VirtdeskError {
    return snapshotError(e, snapshot);
  }

  private changed(vmId: string): void {
    this.host.emit({ type: 'snapshots-changed', hostId: this.host.names().hostId, vmId });
  }
}
