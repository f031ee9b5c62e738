// What a simulated host's storage looks like before anyone touched it, and how disk images known
// only by path (the VM images of a fresh host, or of a data dir from before pools existed) become
// volumes: an image in a file pool's directory is a volume of that pool, any other stays outside
// every pool. Sizes are chosen so each view has something to show: `default` holds the VM images,
// `vmstore` is an LVM volume group, `nfs-isos` an NFS share whose server is down, and `scratch` a
// small, already busy directory (12.5 GiB free) to show what a full pool does.
import { createHash } from 'node:crypto';
import type { PoolSpec } from '../../../../shared/model';
import type { SimPool, SimVolume } from './records';
import { FILE_POOLS, definedPool, newVolume, stableUuid, withPool } from './records';

const GiB = 2 ** 30;
const TiB = 2 ** 40;

const DEFAULT_POOL_SIZE: Record<string, number> = {
  sim1: Math.round(1.8 * TiB),
  sim2: Math.round(3.6 * TiB),
};

interface SeedVolume {
  name: string;
  format: string;
  capacityBytes: number;
  allocationBytes: number;
}

interface SeedPool {
  spec: PoolSpec;
  capacityBytes: number;
  active: boolean;
  autostart: boolean;
  volumes: SeedVolume[];
}

function seeds(hostId: string): SeedPool[] {
  return [
    {
      spec: { type: 'dir', name: 'default', path: '/var/lib/libvirt/images' },
      capacityBytes: DEFAULT_POOL_SIZE[hostId] ?? TiB,
      active: true,
      autostart: true,
      volumes: [],
    },
    {
      spec: {
        type: 'logical',
        name: 'vmstore',
        vgName: 'vmstore',
        devices: ['/dev/sdb', '/dev/sdc'],
      },
      capacityBytes: 2 * 931 * GiB,
      active: true,
      autostart: true,
      volumes: [
        { name: 'db-data', format: 'raw', capacityBytes: 200 * GiB, allocationBytes: 200 * GiB },
        { name: 'minio-data', format: 'raw', capacityBytes: 300 * GiB, allocationBytes: 300 * GiB },
      ],
    },
    {
      spec: {
        type: 'netfs',
        name: 'nfs-isos',
        host: 'nas.lan',
        exportPath: '/export/isos',
        targetPath: '/var/lib/libvirt/isos',
      },
      capacityBytes: 4 * TiB,
      active: false,
      autostart: false,
      volumes: [],
    },
    {
      spec: { type: 'dir', name: 'scratch', path: '/srv/scratch' },
      capacityBytes: 20 * GiB,
      active: true,
      autostart: true,
      volumes: [
        {
          name: 'build-cache.qcow2',
          format: 'qcow2',
          capacityBytes: 10 * GiB,
          allocationBytes: 3.5 * GiB,
        },
        { name: 'swap-test.img', format: 'raw', capacityBytes: 4 * GiB, allocationBytes: 4 * GiB },
      ],
    },
  ];
}

/** The pools of a fresh host (and of a data dir saved before pools existed). */
export function seedPools(hostId: string): SimPool[] {
  return seeds(hostId).map((s) => {
    const empty = definedPool(s.spec, stableUuid(`${hostId}/pool/${s.spec.name}`), s.capacityBytes);
    const volumes = new Map(s.volumes.map((v) => [v.name, newVolume(empty, v)] as const));
    return withPool(empty, {
      state: s.active ? 'active' : 'inactive',
      autostart: s.autostart,
      volumes,
    });
  });
}

function formatOf(path: string): string {
  return path.endsWith('.qcow2') ? 'qcow2' : path.endsWith('.iso') ? 'iso' : 'raw';
}

/** How much of a qcow2 image a guest has written: a stable 15–60 % of it, by path. */
export function estimatedAllocation(path: string, capacityBytes: number, format: string): number {
  if (format !== 'qcow2') return capacityBytes;
  const share = 0.15 + ((createHash('sha256').update(path).digest()[0] ?? 0) % 46) / 100;
  return Math.min(capacityBytes, Math.round((capacityBytes * share) / 2 ** 20) * 2 ** 20);
}

/**
 * Images known by path join the file pool whose directory holds them. A pool they would overfill
 * grows (its file system was bigger than the seed assumed), keeping a fifth of it free.
 */
export function adoptImages(
  pools: readonly SimPool[],
  images: ReadonlyMap<string, number>,
): { pools: SimPool[]; loose: Map<string, number> } {
  const added = new Map<string, SimVolume[]>();
  const loose = new Map<string, number>();
  for (const [path, capacityBytes] of images) {
    const cut = path.lastIndexOf('/');
    const dir = path.slice(0, cut);
    const name = path.slice(cut + 1);
    const pool = pools.find(
      (p) => FILE_POOLS.includes(p.type) && p.view.targetPath === dir && !p.volumes.has(name),
    );
    if (pool === undefined || name === '' || added.get(pool.name)?.some((v) => v.name === name)) {
      loose.set(path, capacityBytes);
      continue;
    }
    const format = formatOf(path);
    const allocationBytes = estimatedAllocation(path, capacityBytes, format);
    const list = added.get(pool.name) ?? [];
    list.push(newVolume(pool, { name, format, capacityBytes, allocationBytes }));
    added.set(pool.name, list);
  }
  const out = pools.map((p) => {
    const extra = added.get(p.name);
    if (!extra) return p;
    const volumes = new Map(p.volumes);
    for (const v of extra) volumes.set(v.name, v);
    let allocation = 0;
    for (const v of volumes.values()) allocation += v.allocationBytes;
    const capacityBytes =
      allocation > p.capacityBytes * 0.8
        ? Math.ceil(allocation / 0.8 / (100 * GiB)) * 100 * GiB
        : p.capacityBytes;
    return withPool(p, { volumes, capacityBytes });
  });
  return { pools: out, loose };
}
