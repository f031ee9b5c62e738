// Version 1 of the host file, from before VMs were kept as libvirt XML: each VM was the model's
// fields as JSON. Read for upgrade only; every VM becomes the domain XML it describes (same uuid,
// name, sizes, disks and NICs), its disk capacities become the host's volumes, its state stays.
import { isActive } from '../../../shared/lifecycle';
import type { NewDiskSpec, NewNicSpec } from '../../../shared/libvirt-xml';
import { newDomain } from '../../../shared/libvirt-xml';
import type { Disk, Nic, Vm } from '../../../shared/model';
import { VM_STATES } from '../../../shared/model';
import { domainDocOf } from '../common/domainDoc';
import type { Rec } from './fileShape';
import { ShapeError, array, bool, count, oneOf, record, str, strOrNull } from './fileShape';
import type { SimVmState } from './simVm';

export const HOST_FILE_V1 = 1;

type V1Vm = Omit<Vm, 'pendingChanges'>;

function disk(v: unknown, path: string): Disk {
  const o = record(v, path);
  return {
    target: str(o, 'target', path),
    device: oneOf(o, 'device', path, ['disk', 'cdrom'] as const),
    bus: oneOf(o, 'bus', path, ['virtio', 'scsi', 'sata', 'ide'] as const),
    source: strOrNull(o, 'source', path),
    format: strOrNull(o, 'format', path),
    capacityBytes: o.capacityBytes === null ? null : count(o, 'capacityBytes', path, 0),
  };
}

function nic(v: unknown, path: string): Nic {
  const o = record(v, path);
  return {
    mac: str(o, 'mac', path),
    type: oneOf(o, 'type', path, ['network', 'bridge', 'direct', 'hostdev', 'user'] as const),
    source: str(o, 'source', path),
    model: str(o, 'model', path),
  };
}

function vm(o: Rec, path: string, hostId: string): V1Vm {
  const result: V1Vm = {
    hostId: str(o, 'hostId', path),
    id: str(o, 'id', path),
    name: str(o, 'name', path),
    title: str(o, 'title', path),
    description: str(o, 'description', path),
    state: oneOf(o, 'state', path, VM_STATES),
    guest: o.guest === null ? null : oneOf(o, 'guest', path, ['booting', 'up'] as const),
    vcpus: count(o, 'vcpus', path, 1),
    memoryKiB: count(o, 'memoryKiB', path, 1),
    persistent: bool(o, 'persistent', path),
    autostart: bool(o, 'autostart', path),
    disks: array(o, 'disks', path).map((d, i) => disk(d, `${path}.disks[${i}]`)),
    nics: array(o, 'nics', path).map((n, i) => nic(n, `${path}.nics[${i}]`)),
  };
  if (result.hostId !== hostId) throw new ShapeError(`${path} belongs to host ${result.hostId}`);
  return result;
}

function toXml(v: V1Vm, path: string): SimVmState {
  const disks: NewDiskSpec[] = v.disks.map((d) => ({
    device: d.device,
    bus: d.bus,
    source: d.source,
    target: d.target,
    format: d.format,
  }));
  const nics: NewNicSpec[] = v.nics.map((n) => ({
    mac: n.mac,
    type: n.type,
    source: n.source,
    model: n.model,
  }));
  let config;
  try {
    config = domainDocOf(
      newDomain({
        name: v.name,
        uuid: v.id,
        // libvirt titles are one line; version 1 never checked.
        title: v.title.replace(/[\r\n]+/g, ' '),
        description: v.description,
        memoryKiB: v.memoryKiB,
        vcpus: v.vcpus,
        disks,
        nics,
      }),
    );
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ShapeError(`${path} cannot be written as domain XML: ${why}`);
  }
  const live = isActive(v.state) ? config : null;
  return {
    id: v.id,
    state: v.state,
    guest: v.guest,
    autostart: v.autostart,
    config,
    live,
    pendingChanges: false,
  };
}

/** The VMs and volumes of a version 1 file, as version 2 holds them. */
export function upgradeV1(
  o: Rec,
  hostId: string,
): { vms: SimVmState[]; volumes: Map<string, number> } {
  const old = array(o, 'vms', 'the file').map((v, i) =>
    vm(record(v, `vms[${i}]`), `vms[${i}]`, hostId),
  );
  const volumes = new Map<string, number>();
  for (const v of old) {
    for (const d of v.disks) {
      if (d.source !== null && d.capacityBytes !== null) volumes.set(d.source, d.capacityBytes);
    }
  }
  return { vms: old.map((v, i) => toXml(v, `vms[${i}]`)), volumes };
}
