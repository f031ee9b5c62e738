// Schemas of the VM hardware requests (shared/hardware.ts). Bounds only keep nonsense out: the
// host's own limits (its CPUs, nodes, free pages, the hypervisor's vCPU maximum) are the driver's
// to check, with libvirt's words. CPU sets are ascending lists of ids without duplicates.
import type { ApiMethods } from '../api';
import type {
  CpuSettings,
  DiskSettings,
  DisksSettings,
  HardwareChange,
  MemorySettings,
  NicSettings,
  NicSource,
  PinningSettings,
} from '../hardware';
import { checkName } from '../names';
import { MAC_RE, pciAddressSchema } from './hostDevices';
import { LIMITS } from './limits';
import type { Schema } from './schema';
import { arr, bool, int, literal, nullable, obj, oneOf, refine, str, tagged } from './schema';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

/** libvirt's cpuset ceiling (VIR_DOMAIN_CPUMASK_LEN). */
const MAX_CPU_ID = 16_383;
const MAX_NODE_ID = 1_023;
/** Most iothreads virtdesk lets one VM have (QEMU has no hard limit; hundreds make no sense). */
export const MAX_IOTHREADS = 64;
/** virtio-net's queue pair ceiling in QEMU. */
export const MAX_NIC_QUEUES = 256;
const MAX_KIB = LIMITS.memoryMiBMax * 1024;

function cpuSet(max: number): Schema<number[]> {
  return refine(arr(int({ min: 0, max }), { max: max + 1 }), (ids) => {
    if (ids.length === 0) return 'must name at least one';
    return ids.every((x, i) => i === 0 || x > (ids[i - 1] as number))
      ? null
      : 'must be ascending without duplicates';
  });
}

const cpus = cpuSet(MAX_CPU_ID);
const nodes = cpuSet(MAX_NODE_ID);
const name = (what: string) => str({ min: 1, max: 64, check: (s) => checkName(s, what) });
const ifname = str({ min: 1, max: 15, pattern: /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/ });

const cpu = obj<CpuSettings>({
  vcpus: int({ min: 1, max: LIMITS.vcpusMax }),
  maxVcpus: int({ min: 1, max: LIMITS.vcpusMax }),
  mode: oneOf(['host-passthrough', 'host-model', 'custom'] as const),
  model: nullable(str({ min: 1, max: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/ })),
  topology: nullable(
    obj({
      sockets: int({ min: 1, max: LIMITS.vcpusMax }),
      cores: int({ min: 1, max: LIMITS.vcpusMax }),
      threads: int({ min: 1, max: 8 }),
    }),
  ),
});

const pinning = obj<PinningSettings>({
  vcpus: arr(nullable(cpus), { max: LIMITS.vcpusMax }),
  emulator: nullable(cpus),
  iothreads: arr(nullable(cpus), { max: MAX_IOTHREADS }),
  numatune: nullable(
    obj({
      mode: oneOf(['strict', 'preferred', 'interleave', 'restrictive'] as const),
      nodeset: nodes,
    }),
  ),
});

const memory = obj<MemorySettings>({
  currentKiB: int({ min: LIMITS.memoryMiBMin * 1024, max: MAX_KIB }),
  maxKiB: int({ min: LIMITS.memoryMiBMin * 1024, max: MAX_KIB }),
  hugepages: nullable(
    obj({ sizeKiB: int({ min: 4, max: 16 * 1024 * 1024 }), nodeset: nullable(nodes) }),
  ),
  locked: bool(),
  nosharepages: bool(),
  balloon: oneOf(['virtio', 'virtio-transitional', 'virtio-non-transitional', 'none'] as const),
});

const disk = obj<DiskSettings>({
  target: str({ min: 2, max: 16, pattern: /^[a-z]+[a-z0-9]*$/ }),
  bus: oneOf(['virtio', 'scsi', 'sata', 'ide'] as const),
  cache: oneOf(['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const),
  io: oneOf(['default', 'native', 'threads', 'io_uring'] as const),
  discard: oneOf(['default', 'unmap', 'ignore'] as const),
  iothread: nullable(int({ min: 1, max: MAX_IOTHREADS })),
});

const disks = obj<DisksSettings>({
  iothreads: int({ min: 0, max: MAX_IOTHREADS }),
  disks: arr(disk, { max: 256 }),
});

const source = tagged<'type', NicSource>('type', {
  network: obj({ type: literal('network'), network: name('Network') }),
  bridge: obj({ type: literal('bridge'), bridge: ifname }),
  direct: obj({
    type: literal('direct'),
    dev: ifname,
    mode: oneOf(['bridge', 'vepa', 'private', 'passthrough'] as const),
  }),
  hostdev: obj({ type: literal('hostdev'), address: pciAddressSchema }),
});

const nic = obj<NicSettings>({
  mac: str({
    min: 17,
    max: 17,
    check: (s) => (MAC_RE.test(s) ? null : 'must be a unicast MAC address like 52:54:00:12:34:56'),
  }),
  model: str({ max: 32, pattern: /^([A-Za-z0-9][A-Za-z0-9_-]*)?$/ }),
  queues: nullable(int({ min: 1, max: MAX_NIC_QUEUES })),
  source,
});

const change = tagged<'section', HardwareChange>('section', {
  cpu: obj({ section: literal('cpu'), cpu }),
  pinning: obj({ section: literal('pinning'), pinning }),
  memory: obj({ section: literal('memory'), memory }),
  disks: obj({ section: literal('disks'), disks }),
  nics: obj({ section: literal('nics'), nics: arr(nic, { max: 64 }) }),
});

export function hardwareSchemas(id: Schema<string>) {
  const withChange = obj<P<'hardwarePlan'>>({ hostId: id, vmId: id, change });
  return {
    hardwareGet: obj<P<'hardwareGet'>>({ hostId: id, vmId: id }),
    hardwarePlan: withChange,
    hardwareApply: withChange,
  };
}
