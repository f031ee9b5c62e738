// What libvirt's qemu driver checks before it takes a snapshot, as the simulated host plays it,
// and what a new snapshot records. Each refusal says what is wrong and what to do instead.
import { VirtdeskError } from '../../../shared/errors';
import type { DomainSnapshotSpec, SnapshotLocation } from '../../../shared/libvirt-xml';
import { findElements, getAttr, parseXml } from '../../../shared/libvirt-xml';
import type { NewSnapshotSpec } from '../../../shared/model';
import { STATE_WORDS } from '../../../shared/lifecycle';
import { checkSnapshotState } from '../common/snapshotChecks';
import type { SimVm } from './simVm';
import type { VmSnapshots } from './snapshotRecord';

export const GUEST_AGENT_CHANNEL = 'org.qemu.guest_agent.0';

/** Why the guest agent cannot answer now, or null when it can. */
export function agentProblem(vm: SimVm): string | null {
  const name = vm.view.name;
  if (vm.state !== 'running') return `${name} is ${STATE_WORDS[vm.state]}`;
  const doc = parseXml((vm.live ?? vm.config).text, { root: 'domain' });
  const channel = findElements(doc.root, 'devices/channel/target').some(
    (t) => getAttr(t, 'name') === GUEST_AGENT_CHANNEL,
  );
  if (!channel) return `${name} has no ${GUEST_AGENT_CHANNEL} channel in its definition`;
  if (vm.guest !== 'up') return `the guest OS of ${name} is still booting`;
  return null;
}

/** Throws what libvirt would refuse a snapshot for. */
export function checkCreate(vm: SimVm, spec: NewSnapshotSpec, existing: VmSnapshots): void {
  const name = vm.view.name;
  if (existing.list.some((s) => s.name === spec.name))
    throw new VirtdeskError(
      'CONFLICT',
      `A snapshot named ${spec.name} already exists for ${name}.`,
      'name',
    );
  checkSnapshotState(name, vm.state, spec);
  const agent = spec.quiesce ? agentProblem(vm) : null;
  if (agent !== null)
    throw new VirtdeskError(
      'UNSUPPORTED',
      `Cannot quiesce: quiesce needs the QEMU guest agent running in ${name}, and ${agent}.`,
      'quiesce',
    );
}

/**
 * Each disk and what happens to it: images are snapshotted inside the qcow2 file, CD-ROMs and
 * empty drives are left out. libvirt refuses an internal snapshot of any other image format.
 */
export function snapshotDisks(vm: SimVm): { name: string; snapshot: SnapshotLocation }[] {
  const facts = (vm.live ?? vm.config).facts;
  return facts.disks.map((d) => {
    if (d.device !== 'disk' || d.source === null) return { name: d.target, snapshot: 'no' };
    if (d.format !== 'qcow2')
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Internal snapshots need qcow2 disk images: disk ${d.target} of ${vm.view.name} is ${d.format ?? 'of unknown format'} (${d.source}).`,
      );
    return { name: d.target, snapshot: 'internal' };
  });
}

/** Bytes the saved guest memory takes: the RAM the guest has touched, about 40% for these guests. */
export function memoryStateBytes(vm: SimVm): number {
  const kib = vm.view.memoryKiB;
  return Math.round((kib * 0.4) / 4) * 4 * 1024;
}

/** The domainsnapshot document for a new snapshot of `vm` (checked with checkCreate). */
export function snapshotSpecFor(
  vm: SimVm,
  spec: NewSnapshotSpec,
  parent: string | null,
  nowMs: number,
): DomainSnapshotSpec {
  const active = vm.live !== null;
  const domain = parseXml((vm.live ?? vm.config).text, { root: 'domain' }).root;
  const inactive =
    active && vm.config.text !== vm.live?.text
      ? parseXml(vm.config.text, { root: 'domain' }).root
      : undefined;
  return {
    name: spec.name,
    description: spec.description,
    state: spec.withMemory ? vm.state : active ? 'disk-snapshot' : 'shutoff',
    parent,
    creationTime: Math.floor(nowMs / 1000),
    memory: spec.withMemory ? 'internal' : 'no',
    disks: snapshotDisks(vm),
    domain,
    inactiveDomain: inactive,
  };
}
