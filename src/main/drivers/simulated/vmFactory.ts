// How a freshly defined simulated VM looks: the domain virt-install gives a new guest (a virtio
// qcow2 disk in the default pool, a virtio NIC on a libvirt network), and the disk's volume.
import { randomUUID } from 'node:crypto';
import type { NewDomainSpec, NewPinningSpec } from '../../../shared/libvirt-xml';
import { newDomain } from '../../../shared/libvirt-xml';
import { addVncDisplay } from '../../../shared/displayXml';
import type { DomainDoc } from '../common/domainDoc';
import { domainDocOf } from '../common/domainDoc';
import { allocateMac } from '../common/macs';

export const IMAGE_DIR = '/var/lib/libvirt/images';
const BYTES_PER_GIB = 1024 ** 3;

export interface VmBlueprint {
  name: string;
  vcpus: number;
  memoryMiB: number;
  /** 0 for a VM without a disk. */
  diskGiB: number;
  /** One NIC per network, in order. */
  networks: string[];
  title?: string;
  description?: string;
  autostart?: boolean;
  /** libosinfo id, as virt-install records it in <metadata>. */
  osinfo?: string;
  /** A comment at the top of the domain XML. */
  note?: string;
  pinning?: NewPinningSpec;
  /** An image file for vda instead of NAME.qcow2 of diskGiB; null for no disk at all. */
  disk?: { path: string; format: string; capacityBytes: number } | null;
  /** A VNC display and a VGA, as virt-install gives a guest with graphics. */
  graphics?: boolean;
}

export interface BuiltVm {
  id: string;
  config: DomainDoc;
  /** The disk image the VM needs, if any. */
  volume: { path: string; capacityBytes: number } | null;
}

export function imagePath(name: string): string {
  return `${IMAGE_DIR}/${name}.qcow2`;
}

/** A new VM's definition; `macs` holds the host's MACs in use and receives the new ones. */
export function buildVm(bp: VmBlueprint, macs: Set<string>): BuiltVm {
  const id = randomUUID();
  const volume =
    bp.disk !== undefined
      ? bp.disk
      : bp.diskGiB > 0
        ? { path: imagePath(bp.name), format: 'qcow2', capacityBytes: bp.diskGiB * BYTES_PER_GIB }
        : null;
  const spec: NewDomainSpec = {
    name: bp.name,
    uuid: id,
    title: bp.title,
    description: bp.description,
    memoryKiB: bp.memoryMiB * 1024,
    vcpus: bp.vcpus,
    disks: volume ? [{ source: volume.path, target: 'vda', format: volume.format }] : [],
    nics: bp.networks.map((network) => ({ mac: allocateMac(macs), source: network })),
    osinfo: bp.osinfo,
    note: bp.note,
    pinning: bp.pinning,
  };
  const doc = newDomain(spec);
  if (bp.graphics) addVncDisplay(doc);
  return { id, config: domainDocOf(doc), volume };
}
