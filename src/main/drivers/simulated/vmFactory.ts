// How a freshly defined simulated VM looks: the shape virt-install gives a new guest (a virtio
// qcow2 disk in the default pool, a virtio NIC on a libvirt network).
import { randomUUID } from 'node:crypto';
import type { Disk, Nic, Vm } from '../../../shared/model';
import { allocateMac } from './macs';

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
}

/** A shut-off VM; `macs` holds the host's MACs in use and receives the new ones. */
export function buildVm(hostId: string, bp: VmBlueprint, macs: Set<string>): Vm {
  const disks: Disk[] =
    bp.diskGiB > 0
      ? [
          {
            target: 'vda',
            device: 'disk',
            bus: 'virtio',
            source: `${IMAGE_DIR}/${bp.name}.qcow2`,
            format: 'qcow2',
            capacityBytes: bp.diskGiB * BYTES_PER_GIB,
          },
        ]
      : [];
  const nics: Nic[] = bp.networks.map((network) => ({
    mac: allocateMac(macs),
    type: 'network',
    source: network,
    model: 'virtio',
  }));
  return {
    hostId,
    id: randomUUID(),
    name: bp.name,
    title: bp.title ?? '',
    description: bp.description ?? '',
    state: 'shutoff',
    guest: null,
    vcpus: bp.vcpus,
    memoryKiB: bp.memoryMiB * 1024,
    persistent: true,
    autostart: bp.autostart ?? false,
    disks,
    nics,
  };
}
