import type {
  BalloonModel,
  CpuMode,
  CpuSet,
  CpuSettings,
  DiskCache,
  DiskDiscard,
  DiskIo,
  DiskSettings,
  DisksSettings,
  MacvtapMode,
  MemorySettings,
  NicSettings,
  NicSource,
  NumaMode,
  PinningSettings,
  VmHardware,
} from '../../hardware';
import type { DiskBus } from '../../model';
import { parseXml } from '../parse';
import { parseCpuset } from '../values';
import { readDomain, type DomainView } from './domain';

// The VM Hardware tab's view of a domain (shared/hardware.ts): each section's settings read from
// the persistent definition, with libvirt's defaults where the XML says nothing. Its edit is
// domain-hardware-edit.ts.

// ---------------------------------------------------------------------------------------------
// Reading

const DISK_BUSES: readonly DiskBus[] = ['virtio', 'scsi', 'sata', 'ide'];
const CACHES: readonly DiskCache[] = ['none', 'writethrough', 'writeback', 'directsync', 'unsafe'];
const IOS: readonly DiskIo[] = ['native', 'threads', 'io_uring'];
const DISCARDS: readonly DiskDiscard[] = ['unmap', 'ignore'];
const BALLOONS: readonly BalloonModel[] = [
  'virtio',
  'virtio-transitional',
  'virtio-non-transitional',
  'none',
];
const NUMA_MODES: readonly NumaMode[] = ['strict', 'preferred', 'interleave', 'restrictive'];
const MACVTAP_MODES: readonly MacvtapMode[] = ['bridge', 'vepa', 'private', 'passthrough'];

function oneOf<T extends string>(list: readonly T[], value: string | undefined, dflt: T): T {
  return value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : dflt;
}

/** libvirt's default page size on x86 when <hugepages/> names none. */
export const DEFAULT_HUGEPAGE_KiB = 2048;

/** The bus of a disk whose <target> names none: libvirt derives it from the device name. */
function busOf(bus: string | undefined, dev: string | undefined): DiskBus | undefined {
  if (bus !== undefined)
    return (DISK_BUSES as readonly string[]).includes(bus) ? (bus as DiskBus) : undefined;
  if (dev?.startsWith('vd')) return 'virtio';
  if (dev?.startsWith('sd')) return 'scsi';
  if (dev?.startsWith('hd')) return 'ide';
  return undefined;
}

function readCpu(d: DomainView, live: DomainView | null): CpuSettings {
  const maxVcpus = d.vcpu?.count ?? 1;
  const booted = (v: DomainView | null) => v?.vcpu?.current ?? v?.vcpu?.count;
  const vcpus = Math.min(maxVcpus, (live !== null ? booted(live) : undefined) ?? booted(d) ?? 1);
  const cpuMode = d.cpu?.mode;
  const mode: CpuMode =
    cpuMode === 'host-passthrough' || cpuMode === 'maximum'
      ? 'host-passthrough'
      : cpuMode === 'host-model'
        ? 'host-model'
        : 'custom';
  const t = d.cpu?.topology;
  const topology =
    t?.sockets !== undefined && t.cores !== undefined && t.threads !== undefined
      ? { sockets: t.sockets, cores: t.cores, threads: t.threads }
      : null;
  return {
    vcpus,
    maxVcpus,
    mode,
    model: mode === 'custom' ? (d.cpu?.model ?? null) : null,
    topology,
  };
}

function readPinning(d: DomainView, maxVcpus: number, iothreads: number): PinningSettings {
  const tune = d.cputune;
  const pinOf = (cpuset: string | undefined): CpuSet | null => parseCpuset(cpuset) ?? null;
  const vcpus = Array.from({ length: maxVcpus }, (_, i) =>
    pinOf(tune?.vcpupin.find((p) => p.vcpu === i)?.cpuset),
  );
  const threads = Array.from({ length: iothreads }, (_, i) =>
    pinOf(tune?.iothreadpin.find((p) => p.iothread === i + 1)?.cpuset),
  );
  const mem = d.numatune?.memory;
  const nodeset = parseCpuset(mem?.nodeset);
  return {
    vcpus,
    emulator: pinOf(tune?.emulatorpin),
    iothreads: threads,
    numatune:
      nodeset === undefined || nodeset.length === 0
        ? null
        : { mode: oneOf(NUMA_MODES, mem?.mode, 'strict'), nodeset },
  };
}

function readMemory(d: DomainView): MemorySettings {
  const maxKiB = d.memoryKiB ?? d.currentMemoryKiB ?? 0;
  const pages = d.memoryBacking?.hugepages;
  const page = pages?.[0];
  const nodeset = parseCpuset(page?.nodeset);
  return {
    currentKiB: Math.min(maxKiB, d.currentMemoryKiB ?? maxKiB),
    maxKiB,
    hugepages:
      pages === undefined
        ? null
        : { sizeKiB: page?.sizeKiB ?? DEFAULT_HUGEPAGE_KiB, nodeset: nodeset ?? null },
    locked: d.memoryBacking?.locked ?? false,
    nosharepages: d.memoryBacking?.nosharepages ?? false,
    // libvirt gives a QEMU guest a virtio balloon when the XML has none.
    balloon: oneOf(BALLOONS, d.memballoon?.model, 'virtio'),
  };
}

function readDisks(d: DomainView): DisksSettings {
  const disks: DiskSettings[] = [];
  for (const disk of d.disks) {
    const bus = busOf(disk.bus, disk.targetDev);
    if (disk.device !== 'disk' || disk.targetDev === undefined || bus === undefined) continue;
    disks.push({
      target: disk.targetDev,
      bus,
      cache: oneOf(CACHES, disk.cache, 'default'),
      io: oneOf(IOS, disk.io, 'default'),
      discard: oneOf(DISCARDS, disk.discard, 'default'),
      iothread: disk.iothread ?? null,
    });
  }
  return { iothreads: d.iothreads ?? 0, disks };
}

function readNics(d: DomainView): NicSettings[] {
  const nics: NicSettings[] = [];
  for (const nic of d.interfaces) {
    let source: NicSource | undefined;
    if (nic.type === 'network' && nic.sourceNetwork !== undefined)
      source = { type: 'network', network: nic.sourceNetwork };
    else if (nic.type === 'bridge' && nic.sourceBridge !== undefined)
      source = { type: 'bridge', bridge: nic.sourceBridge };
    else if (nic.type === 'direct' && nic.sourceDev !== undefined)
      source = {
        type: 'direct',
        dev: nic.sourceDev,
        mode: oneOf(MACVTAP_MODES, nic.sourceMode, 'vepa'),
      };
    else if (nic.type === 'hostdev' && nic.sourcePciAddress !== undefined)
      source = { type: 'hostdev', address: nic.sourcePciAddress };
    if (source === undefined || nic.mac === undefined) continue;
    nics.push({
      mac: nic.mac.toLowerCase(),
      model: source.type === 'hostdev' ? '' : (nic.model ?? ''),
      queues: nic.queues ?? null,
      source,
    });
  }
  return nics;
}

/**
 * The Hardware tab's settings of a VM: from the persistent definition, except the vCPUs online,
 * which a running VM (its live XML) may have changed with `setvcpus --live`.
 */
export function readHardware(xml: string, liveXml: string | null): VmHardware {
  const d = readDomain(parseXml(xml, { root: 'domain' }));
  const live = liveXml === null ? null : readDomain(parseXml(liveXml, { root: 'domain' }));
  const cpu = readCpu(d, live);
  const disks = readDisks(d);
  return {
    cpu,
    pinning: readPinning(d, cpu.maxVcpus, disks.iothreads),
    memory: readMemory(d),
    disks,
    nics: readNics(d),
  };
}
