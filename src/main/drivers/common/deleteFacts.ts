// The facts Delete decides on (src/shared/deletePlan.ts), gathered the same way by both drivers:
// each disk of the VM's persistent definition as libvirt reads it (device, <readonly/>,
// <shareable/>), the pool volume its source is (each driver looks that up its own way), and the
// other VMs whose persistent or live definition names the same volume or file.
import type { DiskView } from '../../../shared/libvirt-xml';
import { parseXml, readDomain } from '../../../shared/libvirt-xml';
import type { DiskDeleteFacts, DiskVolume } from '../../../shared/deletePlan';
import type { VolumeUser } from '../../../shared/model';
import type { DomainDoc } from './domainDoc';
import { diskFacts } from './domainDoc';

/** One disk of the definition, before its volume is known. */
export interface VmDisk {
  target: string;
  device: string;
  source: string | null;
  readonly: boolean;
  shareable: boolean;
  /** <disk type='volume'>: the pool and volume it names. */
  pooled: { pool: string; volume: string } | null;
}

/** A VM as the users check sees it. */
export interface DiskHolder {
  id: string;
  name: string;
  docs: readonly (DomainDoc | null)[];
}

function vmDisk(d: DiskView): VmDisk {
  const f = diskFacts(d);
  return {
    target: f.target,
    device: d.device,
    source: f.source,
    readonly: d.readonly,
    shareable: d.shareable,
    pooled:
      d.sourcePool !== undefined && d.sourceVolume !== undefined
        ? { pool: d.sourcePool, volume: d.sourceVolume }
        : null,
  };
}

/** The disks of a persistent definition, in document order. */
export function disksOf(config: DomainDoc): VmDisk[] {
  return readDomain(parseXml(config.text, { root: 'domain' })).disks.map(vmDisk);
}

/** Every way a domain's <disk> can name this disk's storage. */
function namesOf(disk: VmDisk, volume: DiskVolume | null): Set<string> {
  const out = new Set<string>();
  if (disk.source !== null) out.add(disk.source);
  if (volume !== null) {
    out.add(volume.path);
    out.add(`${volume.pool}/${volume.name}`);
  }
  return out;
}

function usersOf(names: Set<string>, me: string, vms: Iterable<DiskHolder>): VolumeUser[] {
  const out: VolumeUser[] = [];
  for (const vm of vms) {
    if (vm.id === me) continue;
    const uses = vm.docs.some((doc) =>
      doc?.facts.disks.some((d) => d.source !== null && names.has(d.source)),
    );
    if (uses) out.push({ vmId: vm.id, vmName: vm.name });
  }
  return out;
}

/** The facts of each disk; volumes[i] is the volume disks[i] is (null when none). */
export function deleteFacts(
  me: string,
  disks: readonly VmDisk[],
  volumes: readonly (DiskVolume | null)[],
  vms: Iterable<DiskHolder>,
): DiskDeleteFacts[] {
  const all = [...vms];
  return disks.map((d, i) => {
    const volume = volumes[i] ?? null;
    return {
      target: d.target,
      device: d.device,
      source: d.source,
      readonly: d.readonly,
      shareable: d.shareable,
      volume,
      otherUsers: d.source === null ? [] : usersOf(namesOf(d, volume), me, all),
    };
  });
}
