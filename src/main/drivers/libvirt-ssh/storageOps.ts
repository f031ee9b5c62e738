// Storage pools and volumes on a remote host (StorageOps) through the host's virsh session: one
// round trip lists every pool (pool-dumpxml + pool-info each), another every volume of a pool.
// Checks and messages are the simulated host's (src/shared/storage.ts); libvirt's own refusals
// keep libvirt's words. Pools and volumes are named with `--pool` / `--vol` options, quoted.
// Defining a pool and attaching a volume: storageWrites.ts.
import { isActive } from '../../../shared/lifecycle';
import type { AttachResult } from '../../../shared/api';
import { VirtdeskError } from '../../../shared/errors';
import { vmGone } from '../common/vmErrors';
import { parseXml, readPool, readVolume } from '../../../shared/libvirt-xml';
import type { AttachBus, Pool, PoolSpec, PoolType, Volume } from '../../../shared/model';
import type { StorageProblem } from '../../../shared/storage';
import { checkNewVolume, checkResize, inactivePool, inUseProblem } from '../../../shared/storage';
import type { DriverEvent, StorageOps } from '../driver';
import type { Virsh } from './domain';
import { parseUuids } from './domainScan';
import { unsendableReason, virshLine } from './quote';
import { parseVolList } from './volList';
import { poolTargetPath } from '../../../shared/storageXml';
import type { ExecTarget } from './storageWrites';
import type { HostTransport } from './transport';
import {
  VIRTIO_SCSI_CONTROLLER,
  attachTarget,
  diskUsers,
  hasVirtioScsi,
  poolDefineXml,
  remoteDirExists,
  sourceTypeOf,
  virshWithStdin,
} from './storageWrites';
import type { DomainRecord } from './vmRecord';
import { stdoutOf } from './virsh';

export interface StorageHost {
  names(): { hostId: string; hostName: string };
  virsh(): Virsh;
  domains(): DomainRecord[];
  emit(event: DriverEvent): void;
  /** The transport and libvirt URI, for commands that need a channel of their own. */
  exec(): { transport: HostTransport; virshUri: string };
  /** The domain as last read; NOT_FOUND when there is none. */
  find(vmId: string): DomainRecord;
  /** Re-reads the domain (the inventory announces it: vm-changed); null when it is gone. */
  reread(vmId: string): Promise<DomainRecord | null>;
}

const P = (pool: string) => ['--pool', pool] as const;
const V = (vol: string) => ['--vol', vol] as const;

function fail(p: StorageProblem | null): void {
  if (p) throw new VirtdeskError(p.code, p.message, p.path);
}

export class SshStorage implements StorageOps {
  constructor(private readonly host: StorageHost) {}

  private get virsh(): Virsh {
    return this.host.virsh();
  }

  private changed(): void {
    this.host.emit({ type: 'storage-changed', hostId: this.host.names().hostId });
  }

  async poolList(): Promise<Pool[]> {
    // By UUID: the names come out of each pool's XML exactly, whatever characters they hold.
    const ids = [...parseUuids(await this.virsh.call(virshLine('pool-list', '--all', '--uuid')))];
    const replies = await this.virsh.batch(
      ids.flatMap((n) => [virshLine('pool-dumpxml', P(n)), virshLine('pool-info', P(n))]),
    );
    const out: Pool[] = [];
    for (let i = 0; i < ids.length; i++) {
      const xml = replies[2 * i];
      const info = replies[2 * i + 1];
      if (xml?.ok && info?.ok) out.push(this.poolOf(xml.stdout, info.stdout));
    }
    return out;
  }

  private poolOf(xml: string, info: string): Pool {
    const v = readPool(parseXml(xml, { root: 'pool' }));
    const field = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
    const active = field('State') === 'running';
    const source: Pool['source'] = {};
    const host = v.sourceHosts.map((h) => h.name).join(', ');
    if (host) source.host = host;
    if (v.sourceDir) source.dir = v.sourceDir;
    if (v.sourceDevices.length > 0) source.device = v.sourceDevices.join(', ');
    if (v.sourceName) source.name = v.sourceName;
    return {
      hostId: this.host.names().hostId,
      name: v.name ?? '',
      uuid: v.uuid ?? '',
      type: (v.type ?? 'dir') as PoolType,
      state: field('State') === 'building' ? 'building' : active ? 'active' : 'inactive',
      autostart: field('Autostart') === 'yes',
      capacityBytes: active ? (v.capacityBytes ?? 0) : 0,
      allocationBytes: active ? (v.allocationBytes ?? 0) : 0,
      availableBytes: active ? (v.availableBytes ?? 0) : 0,
      targetPath: v.targetPath ?? null,
      source,
    };
  }

  private async pool(pool: string): Promise<Pool> {
    const [xml, info] = await this.virsh.batch([
      virshLine('pool-dumpxml', P(pool)),
      virshLine('pool-info', P(pool)),
    ]);
    const xmlOut = stdoutOf(xml, 'INTERNAL', 'no reply');
    const infoOut = stdoutOf(info, 'INTERNAL', 'no reply');
    return this.poolOf(xmlOut, infoOut);
  }

  private async poolCmd(pool: string, line: string): Promise<Pool> {
    try {
      await this.virsh.call(line);
    } finally {
      this.changed();
    }
    return this.pool(pool);
  }

  private channel(): ExecTarget {
    return { ...this.host.exec(), hostName: this.host.names().hostName };
  }

  /**
   * `pool-define` of the spec's XML (checked as the simulated host checks it), then `pool-build`
   * for a dir pool whose directory is missing, as virt-manager does; a failed build undefines it.
   */
  async poolDefine({ spec }: { spec: PoolSpec }): Promise<Pool> {
    const xml = poolDefineXml(spec, await this.poolList());
    const t = this.channel();
    try {
      await virshWithStdin(t, ['pool-define', '--file', '/dev/stdin'], xml, 'defining a pool');
      if (spec.type === 'dir' && (await remoteDirExists(t, poolTargetPath(spec) ?? '')) === false) {
        await this.virsh.call(virshLine('pool-build', P(spec.name))).catch(async (e: unknown) => {
          await this.virsh.call(virshLine('pool-undefine', P(spec.name))).catch(() => {});
          throw e;
        });
      }
    } finally {
      this.changed();
    }
    return this.pool(spec.name);
  }
  poolStart = ({ pool }: { pool: string }) => this.poolCmd(pool, virshLine('pool-start', P(pool)));
  poolStop = ({ pool }: { pool: string }) => this.poolCmd(pool, virshLine('pool-destroy', P(pool)));
  poolRefresh = ({ pool }: { pool: string }) =>
    this.poolCmd(pool, virshLine('pool-refresh', P(pool)));
  poolSetAutostart = ({ pool, autostart }: { pool: string; autostart: boolean }) =>
    this.poolCmd(
      pool,
      virshLine('pool-autostart', P(pool), ...(autostart ? [] : ['--disable' as const])),
    );

  async poolUndefine({ pool }: { pool: string }): Promise<{ removed: true }> {
    const p = await this.pool(pool);
    if (p.state !== 'inactive')
      throw new VirtdeskError('INVALID_STATE', `Storage pool ${pool} is active: stop it first.`);
    await this.poolCmd(pool, virshLine('pool-undefine', P(pool))).catch((e: unknown) => {
      if (!(e instanceof VirtdeskError && e.code === 'NOT_FOUND')) throw e;
    });
    return { removed: true };
  }

  async poolGetXml({ pool }: { pool: string }): Promise<{ xml: string }> {
    return { xml: await this.virsh.call(virshLine('pool-dumpxml', P(pool))) };
  }

  /**
   * vol-list's rows (volList.ts reads the exact names out of them with the pool's target path,
   * fetched in the same round trip), then every volume's XML in a second one. A name virsh cannot
   * be sent (a file whose name holds a line break) is listed from its row alone, read-only.
   */
  async volumeList({ pool }: { pool: string }): Promise<Volume[]> {
    const [poolXml, list] = await this.virsh.batch([
      virshLine('pool-dumpxml', P(pool)),
      virshLine('vol-list', P(pool)),
    ]);
    const listOut = stdoutOf(list, 'INTERNAL', 'no reply');
    const target = poolXml?.ok ? readPool(parseXml(poolXml.stdout, { root: 'pool' })) : null;
    const rows = parseVolList(listOut, target?.targetPath ?? null);
    const sendable = rows.filter((r) => unsendableReason(r.name) === null);
    const replies = await this.virsh.batch(
      sendable.map((r) => virshLine('vol-dumpxml', P(pool), V(r.name))),
    );
    const out: Volume[] = [];
    for (const r of replies) if (r.ok) out.push(this.volumeOf(pool, r.stdout));
    for (const r of rows) {
      const reason = unsendableReason(r.name);
      if (reason !== null) out.push(this.volumeOf(pool, null, { ...r, readOnly: reason }));
    }
    return out;
  }

  private volumeOf(
    pool: string,
    xml: string | null,
    row?: { name: string; path: string; readOnly: string },
  ): Volume {
    const v: ReturnType<typeof readVolume> =
      xml === null
        ? { name: row?.name, targetPath: row?.path, encrypted: false }
        : readVolume(parseXml(xml, { root: 'volume' }));
    const path = v.targetPath ?? '';
    const usedBy = this.host
      .domains()
      .filter((r) => path !== '' && r.view.disks.some((d) => d.source === path))
      .map((r) => ({ vmId: r.id, vmName: r.view.name }));
    return {
      pool,
      name: v.name ?? '',
      key: v.key ?? path,
      path,
      format: v.format ?? 'raw',
      capacityBytes: v.capacityBytes ?? 0,
      allocationBytes: v.allocationBytes ?? 0,
      usedBy,
      ...(row ? { readOnly: row.readOnly } : {}),
    };
  }

  private async volume(pool: string, name: string): Promise<Volume> {
    return this.volumeOf(pool, await this.virsh.call(virshLine('vol-dumpxml', P(pool), V(name))));
  }

  private async room(pool: string) {
    const p = await this.pool(pool);
    return {
      name: p.name,
      type: p.type,
      active: p.state === 'active',
      availableBytes: p.availableBytes,
    };
  }

  private async volCmd(line: string): Promise<void> {
    try {
      await this.virsh.call(line);
    } finally {
      this.changed();
    }
  }

  async volumeCreate(req: {
    pool: string;
    name: string;
    format: 'qcow2' | 'raw';
    capacityBytes: number;
  }): Promise<Volume> {
    const { pool, name, format, capacityBytes } = req;
    const room = await this.room(pool);
    const existing = room.active ? (await this.volumeList({ pool })).map((v) => v.name) : [];
    fail(checkNewVolume(room, req, existing));
    await this.volCmd(
      virshLine(
        'vol-create-as',
        P(pool),
        ['--name', name],
        ['--capacity', `${capacityBytes}`],
        ['--format', format],
      ),
    );
    return this.volume(pool, name);
  }

  async volumeResize(req: { pool: string; name: string; capacityBytes: number }): Promise<Volume> {
    const { pool, name: volume, capacityBytes } = req;
    const vol = await this.volume(pool, volume);
    fail(checkResize(await this.room(pool), vol, capacityBytes));
    const shrink = capacityBytes < vol.capacityBytes ? ['--shrink' as const] : [];
    await this.volCmd(
      virshLine('vol-resize', P(pool), V(volume), ['--capacity', `${capacityBytes}`], ...shrink),
    );
    return this.volume(pool, volume);
  }

  async volumeClone(req: { pool: string; name: string; newName: string }): Promise<Volume> {
    const { pool, name: volume, newName } = req;
    const vol = await this.volume(pool, volume);
    const room = await this.room(pool);
    const existing = (await this.volumeList({ pool })).map((v) => v.name);
    const format = vol.format === 'raw' ? 'raw' : 'qcow2';
    fail(
      checkNewVolume(
        room,
        { name: newName, format, capacityBytes: vol.allocationBytes || 1 },
        existing,
      ),
    );
    await this.volCmd(virshLine('vol-clone', P(pool), V(volume), ['--newname', newName]));
    return this.volume(pool, newName);
  }

  async volumeDelete(req: { pool: string; name: string }): Promise<{ deleted: true }> {
    const vol = await this.volume(req.pool, req.name);
    fail(inUseProblem(vol));
    await this.volCmd(virshLine('vol-delete', P(req.pool), V(req.name)));
    return { deleted: true };
  }

  /**
   * `attach-disk … --persistent` (plus `--live` while the domain runs) at the next free target of
   * the bus, after adding a virtio-scsi controller to each definition lacking one for a SCSI disk.
   */
  async volumeAttach(req: {
    pool: string;
    name: string;
    vmId: string;
    bus: AttachBus;
  }): Promise<AttachResult> {
    const { pool, name, vmId, bus } = req;
    const room = await this.room(pool);
    if (!room.active) fail(inactivePool(pool));
    const vol = await this.volume(pool, name);
    const vm = this.host.find(vmId);
    const user = diskUsers(this.host.domains(), vol.path)[0];
    if (user?.id === vm.id)
      fail({ code: 'CONFLICT', message: `${vol.name} is already a disk of ${vm.view.name}.` });
    if (user)
      fail({
        code: 'CONFLICT',
        message: `Volume ${vol.name} is used by VM ${user.view.name}: a disk can belong to one VM at a time.`,
      });
    const kind = sourceTypeOf(room.type);
    if (kind === 'network')
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Attaching a volume of a ${room.type} pool is not available on libvirt-ssh hosts yet.`,
      );
    const live = isActive(vm.state) && vm.live !== null;
    const target = attachTarget(vm, bus);
    const dom = ['--domain', vm.id] as const;
    try {
      if (bus === 'scsi') {
        const flags = [
          ...(hasVirtioScsi(vm.config) ? [] : ['--config']),
          ...(vm.live && !hasVirtioScsi(vm.live) ? ['--live'] : []),
        ];
        if (flags.length > 0)
          await virshWithStdin(
            this.channel(),
            ['attach-device', '--domain', vm.id, '--file', '/dev/stdin', ...flags],
            VIRTIO_SCSI_CONTROLLER,
            'adding a SCSI controller',
          );
      }
      await this.virsh.call(
        virshLine(
          'attach-disk',
          dom,
          ['--source', vol.path],
          ['--target', target],
          ['--targetbus', bus],
          ['--driver', 'qemu'],
          ['--subdriver', vol.format === 'qcow2' ? 'qcow2' : 'raw'],
          ['--sourcetype', kind],
          '--persistent',
          ...(live ? ['--live' as const] : []),
        ),
      );
    } finally {
      this.changed();
    }
    const r = await this.host.reread(vm.id);
    if (!r) throw vmGone(vm.view.name, this.host.names().hostName);
    return { vm: structuredClone(r.view), target, live };
  }
}
