// The storage of one simulated host: its pools (in definition order) with their volumes, plus
// disk images that sit outside every pool (files a VM names that no pool holds, and the volumes of
// an undefined pool, whose data libvirt leaves on the host). Every operation checks everything
// first and then swaps in new immutable records, so a refusal changes nothing.
import { randomUUID } from 'node:crypto';
import { VirtdeskError } from '../../../../shared/errors';
import type { PoolSpec } from '../../../../shared/model';
import type { PoolRoom } from '../../../../shared/storage';
import {
  QCOW2_INITIAL_ALLOCATION,
  checkNewVolume,
  inactivePool,
  notEnoughSpace,
} from '../../../../shared/storage';
import type { SimPool, SimVolume } from './records';
import { FILE_POOLS, definedPool, newVolume, resized, volumePlace, withPool } from './records';
import {
  backingBytes,
  defineProblem,
  fail,
  startProblem,
  stopProblem,
  undefineProblem,
} from './poolRules';
import { adoptImages } from './seedPools';

export class StoragePools {
  private pools = new Map<string, SimPool>();
  private loose = new Map<string, number>();
  private byPath: Map<string, SimVolume> | null = null;

  constructor(private readonly hostName: string) {}

  /** Replaces everything: `pools` as saved (or seeded), then images only known by path. */
  load(pools: readonly SimPool[], images: ReadonlyMap<string, number>): void {
    this.pools = new Map(pools.map((p) => [p.name, p]));
    this.loose = new Map();
    this.byPath = null;
    const unknown = new Map([...images].filter(([path]) => !this.index().has(path)));
    const { pools: adopted, loose } = adoptImages([...this.pools.values()], unknown);
    this.pools = new Map(adopted.map((p) => [p.name, p]));
    this.loose = loose;
    this.byPath = null;
  }

  list(): SimPool[] {
    return [...this.pools.values()];
  }

  get(name: string): SimPool {
    const pool = this.pools.get(name);
    if (!pool)
      throw new VirtdeskError(
        'NOT_FOUND',
        `No storage pool ${JSON.stringify(name)} on ${this.hostName}.`,
        'pool',
      );
    return pool;
  }

  active(name: string): SimPool {
    const pool = this.get(name);
    if (pool.state !== 'active') fail(inactivePool(name));
    return pool;
  }

  volume(pool: SimPool, name: string): SimVolume {
    const v = pool.volumes.get(name);
    if (!v)
      throw new VirtdeskError(
        'NOT_FOUND',
        `No volume ${JSON.stringify(name)} in pool ${pool.name}.`,
        'name',
      );
    return v;
  }

  room(pool: SimPool): PoolRoom {
    return {
      name: pool.name,
      type: pool.type,
      active: pool.state === 'active',
      availableBytes: Math.max(0, pool.capacityBytes - pool.allocationBytes),
    };
  }

  /** Capacity of the image at a path (in a pool or not), or null when the host has none. */
  readonly capacityOf = (path: string): number | null =>
    this.index().get(path)?.capacityBytes ?? this.loose.get(path) ?? null;

  /** Which pool holds the volume at a path. */
  poolAt(path: string): SimPool | undefined {
    for (const p of this.pools.values())
      for (const v of p.volumes.values()) if (v.path === path) return p;
    return undefined;
  }

  volumeAt(pool: SimPool, path: string): SimVolume | undefined {
    return [...pool.volumes.values()].find((v) => v.path === path);
  }

  /** Every image the host holds, path → capacity (the host file's `volumes`). */
  imageSizes(): Map<string, number> {
    const out = new Map(this.loose);
    for (const [path, v] of this.index()) out.set(path, v.capacityBytes);
    return out;
  }

  define(spec: PoolSpec): SimPool {
    const problem = defineProblem(this.pools.values(), spec);
    if (problem) fail(problem);
    return this.put(definedPool(spec, randomUUID(), backingBytes(spec)));
  }

  start(name: string): SimPool {
    const pool = this.get(name);
    const problem = startProblem(pool);
    if (problem) fail(problem);
    return this.put(this.rescanned(withPool(pool, { state: 'active' })));
  }

  /** `busy`: active VMs with a disk in this pool. */
  stop(name: string, busy: readonly string[]): SimPool {
    const pool = this.active(name);
    const problem = stopProblem(pool, busy);
    if (problem) fail(problem);
    return this.put(withPool(pool, { state: 'inactive' }));
  }

  /** Rescans: images left in the pool's directory (an undefined pool's) become volumes again. */
  refresh(name: string): SimPool {
    return this.put(this.rescanned(this.active(name)));
  }

  setAutostart(name: string, autostart: boolean): SimPool {
    return this.put(withPool(this.get(name), { autostart }));
  }

  undefine(name: string): void {
    const pool = this.get(name);
    const problem = undefineProblem(pool);
    if (problem) fail(problem);
    for (const v of pool.volumes.values()) this.loose.set(v.path, v.capacityBytes);
    this.pools.delete(name);
    this.byPath = null;
  }

  createVolume(poolName: string, req: { name: string; format: string; capacityBytes: number }) {
    const pool = this.get(poolName);
    const problem = checkNewVolume(this.room(pool), req, [...pool.volumes.keys()]);
    if (problem) fail(problem);
    const { path } = volumePlace(pool, req.name);
    if (this.capacityOf(path) !== null)
      fail({
        code: 'CONFLICT',
        message: `A volume ${path} already exists on ${this.hostName}.`,
        path: 'name',
      });
    const allocation = req.format === 'qcow2' ? QCOW2_INITIAL_ALLOCATION : req.capacityBytes;
    const vol = newVolume(pool, { ...req, allocationBytes: allocation });
    this.putVolume(pool, vol);
    return vol;
  }

  /** Checked by the caller (checkResize); sizes the volume and, for raw, its allocation. */
  resizeVolume(pool: SimPool, vol: SimVolume, capacityBytes: number): SimVolume {
    const allocation =
      vol.format === 'raw' ? capacityBytes : Math.min(vol.allocationBytes, capacityBytes);
    const next = resized(vol, capacityBytes, allocation);
    this.putVolume(pool, next);
    return next;
  }

  cloneVolume(poolName: string, name: string, newName: string): SimVolume {
    const pool = this.get(poolName);
    const src = this.volume(pool, name);
    const req = {
      name: newName,
      format: src.format === 'qcow2' ? 'qcow2' : 'raw',
      capacityBytes: src.capacityBytes,
    };
    // A clone copies the data, not the nominal size: it needs the source's allocation.
    const room = { ...this.room(pool), availableBytes: Number.MAX_SAFE_INTEGER };
    const problem = checkNewVolume(room, req, [...pool.volumes.keys()]);
    if (problem) fail(problem);
    if (src.allocationBytes > this.room(pool).availableBytes)
      fail({
        code: 'INVALID_INPUT',
        message: notEnoughSpace(pool.name, src.allocationBytes, this.room(pool).availableBytes),
      });
    const vol = newVolume(pool, {
      ...req,
      format: src.format,
      allocationBytes: src.allocationBytes,
    });
    this.putVolume(pool, vol);
    return vol;
  }

  deleteVolume(pool: SimPool, vol: SimVolume): void {
    const volumes = new Map(pool.volumes);
    volumes.delete(vol.name);
    this.put(withPool(pool, { volumes }));
  }

  /**
   * An image copied in from another host (a migration copying storage): it joins the active file
   * pool whose directory holds the path, else it sits outside every pool. With `dryRun` it only
   * checks there is room. An image already at the path is kept (libvirt copies into it).
   */
  receiveImage(
    img: { path: string; format: string; capacityBytes: number; allocationBytes: number },
    dryRun = false,
  ): void {
    if (this.capacityOf(img.path) !== null) return;
    const cut = img.path.lastIndexOf('/');
    const dir = img.path.slice(0, cut);
    const pool = [...this.pools.values()].find(
      (p) => FILE_POOLS.includes(p.type) && p.state === 'active' && p.view.targetPath === dir,
    );
    if (pool && this.room(pool).availableBytes < img.allocationBytes)
      throw new VirtdeskError(
        'INVALID_STATE',
        `Pool ${pool.name} on ${this.hostName} has no room for a copy of ${img.path}.`,
      );
    if (dryRun) return;
    if (!pool) {
      this.loose.set(img.path, img.capacityBytes);
      this.byPath = null;
      return;
    }
    const { path: _path, ...sizes } = img;
    this.putVolume(pool, newVolume(pool, { ...sizes, name: img.path.slice(cut + 1) }));
  }

  /** Deletes the images at these paths, wherever they are; true when any was there. */
  removeImages(paths: Iterable<string>): boolean {
    let changed = false;
    for (const path of paths) {
      if (this.loose.delete(path)) changed = true;
      const pool = this.poolAt(path);
      const vol = pool && this.volumeAt(pool, path);
      if (pool && vol) {
        this.deleteVolume(pool, vol);
        changed = true;
      }
    }
    return changed;
  }

  private rescanned(pool: SimPool): SimPool {
    if (!FILE_POOLS.includes(pool.type) || pool.view.targetPath === undefined) return pool;
    const dir = `${pool.view.targetPath}/`;
    const mine = new Map(
      [...this.loose].filter(([p]) => p.startsWith(dir) && !p.slice(dir.length).includes('/')),
    );
    if (mine.size === 0) return pool;
    for (const p of mine.keys()) this.loose.delete(p);
    return adoptImages([pool], mine).pools[0] ?? pool;
  }

  private putVolume(pool: SimPool, vol: SimVolume): void {
    this.put(withPool(pool, { volumes: new Map(pool.volumes).set(vol.name, vol) }));
  }

  private put(pool: SimPool): SimPool {
    this.pools.set(pool.name, pool);
    this.byPath = null;
    return pool;
  }

  private index(): Map<string, SimVolume> {
    if (this.byPath === null) {
      this.byPath = new Map();
      for (const p of this.pools.values())
        for (const v of p.volumes.values()) this.byPath.set(v.path, v);
    }
    return this.byPath;
  }
}
