// Delete of a remote domain with only the disks the user chose (src/shared/deletePlan.ts), never
// `undefine --remove-all-storage`, which also takes volumes other domains use and installer ISOs.
// Which volume a disk's source is comes from libvirt itself (`vol-pool` + `vol-dumpxml` by path,
// or by pool and name for <disk type='volume'>), one batch for all disks; a source libvirt knows
// no volume for is "not a volume" and stays.
import type { DeletePlan, DiskChoice, DiskVolume } from '../../../shared/deletePlan';
import { checkDeleteChoice, deletePlan, leftoverError } from '../../../shared/deletePlan';
import { VirtdeskError } from '../../../shared/errors';
import { parseXml, readVolume } from '../../../shared/libvirt-xml';
import type { DiskDeleteFacts } from '../../../shared/deletePlan';
import type { VmDisk } from '../common/deleteFacts';
import { deleteFacts, disksOf } from '../common/deleteFacts';
import type { HostSession } from './hostSession';
import { runLifecycle } from './lifecycle';
import { virshLine } from './quote';
import type { Virsh } from './domain';
import type { DomainRecord } from './vmRecord';

export interface DeleteHost {
  hostName: string;
  session: HostSession;
  /** Every domain as last read (the inventory, kept fresh by events). */
  domains(): DomainRecord[];
  emitStorageChanged(): void;
}

/** The lines that find a disk's volume: [pool name line | null, volume XML line]; null if none. */
function lookupLines(d: VmDisk): [string | null, string] | null {
  if (d.source === null) return null;
  try {
    if (d.pooled) {
      const { pool, volume } = d.pooled;
      return [null, virshLine('vol-dumpxml', ['--pool', pool], ['--vol', volume])];
    }
    return [
      virshLine('vol-pool', ['--vol', d.source]),
      virshLine('vol-dumpxml', ['--vol', d.source]),
    ];
  } catch {
    // A source virsh cannot be given (control characters) cannot be deleted by virtdesk either.
    return null;
  }
}

async function volumesOf(virsh: Virsh, disks: readonly VmDisk[]): Promise<(DiskVolume | null)[]> {
  const asks = disks.map(lookupLines);
  const lines = asks.flatMap((a) => (a === null ? [] : a.filter((l): l is string => l !== null)));
  const replies = lines.length > 0 ? await virsh.batch(lines) : [];
  let next = 0;
  return disks.map((d, i) => {
    const ask = asks[i];
    if (!ask) return null;
    const poolReply = ask[0] === null ? null : replies[next++];
    const xmlReply = replies[next++];
    const pool = d.pooled
      ? d.pooled.pool
      : poolReply?.ok
        ? poolReply.stdout.replace(/\n+$/, '')
        : null;
    if (pool === null || !xmlReply?.ok) return null;
    try {
      const v = readVolume(parseXml(xmlReply.stdout, { root: 'volume' }));
      if (v.name === undefined || v.targetPath === undefined) return null;
      return {
        pool,
        name: v.name,
        key: v.key ?? v.targetPath,
        path: v.targetPath,
        capacityBytes: v.capacityBytes ?? 0,
      };
    } catch {
      return null;
    }
  });
}

async function factsOf(host: DeleteHost, record: DomainRecord): Promise<DiskDeleteFacts[]> {
  const disks = disksOf(record.config);
  const volumes = await volumesOf(host.session.virsh, disks);
  const holders = host.domains().map((r) => ({
    id: r.id,
    name: r.view.name,
    docs: [r.config, r.live],
  }));
  return deleteFacts(record.id, disks, volumes, holders);
}

export async function deletePlanOf(host: DeleteHost, record: DomainRecord): Promise<DeletePlan> {
  return deletePlan({ id: record.id, name: record.view.name }, await factsOf(host, record));
}

/**
 * Checks the choice against the host as it is now, then `undefine --nvram`, then one `vol-delete`
 * per chosen volume. Undefine goes first: if it fails nothing is lost, and if a vol-delete then
 * fails the volume merely stays in its pool (named in the error, deletable from the Storage view).
 * The other order could leave a defined VM whose disks are gone.
 */
export async function deleteDomain(
  host: DeleteHost,
  record: DomainRecord,
  choices: readonly DiskChoice[],
): Promise<void> {
  const { session, hostName } = host;
  // The definition as it is now, not as the dialog saw it.
  const fresh = (await session.reread(record.id)) ?? record;
  const name = fresh.view.name;
  const doomed = checkDeleteChoice(name, await factsOf(host, fresh), choices);
  await runLifecycle({ session, vm: fresh, action: 'delete', hostName });
  if (doomed.length === 0) return;
  let replies;
  try {
    replies = await session.virsh.batch(
      doomed.map((v) => virshLine('vol-delete', ['--vol', v.key])),
    );
  } catch (e) {
    const names = doomed.map((v) => `${v.pool}/${v.name}`).join(', ');
    throw new VirtdeskError(
      e instanceof VirtdeskError ? e.code : 'HOST_ERROR',
      `${name} was deleted, but deleting its volumes was cut off (${e instanceof Error ? e.message : String(e)}); ` +
        `some of ${names} may remain: check the Storage view.`,
    );
  } finally {
    host.emitStorageChanged();
  }
  const failed = doomed.flatMap((volume, i) => {
    const r = replies[i];
    if (r?.ok) return [];
    return [{ volume, error: r ? r.error.message : 'no reply' }];
  });
  if (failed.length > 0) throw leftoverError(name, failed);
}
