// The storage requests that change more than a pool or volume (StorageOps poolDefine and
// volumeAttach), kept out of storageOps.ts. Checks and messages are the simulated host's
// (src/main/drivers/simulated/storage/{poolRules,newVmDisk}.ts, src/main/drivers/common/
// attachDisk.ts). XML documents go to virsh on the stdin of a channel of their own (as
// domain.ts defines domains): they never pass through a shell or virsh's command parser. Every
// other word is quoted (quote.ts).
import { VirtdeskError } from '../../../shared/errors';
import { childElements, firstChild, getAttr, parseXml } from '../../../shared/libvirt-xml';
import type { AttachBus, Pool, PoolSpec } from '../../../shared/model';
import type { StorageProblem } from '../../../shared/storage';
import { checkPoolSpec } from '../../../shared/storage';
import { poolSpecXml, poolTargetPath } from '../../../shared/storageXml';
import type { DomainDoc } from '../common/domainDoc';
import { nextTarget } from '../common/attachDisk';
import type { HostTransport } from './transport';
import { virshArgv } from './virsh';
import { commandFailure } from './virshErrors';
import type { DomainRecord } from './vmRecord';

/** Where a separate channel goes: the host's transport and the libvirt URI virsh uses. */
export interface ExecTarget {
  transport: HostTransport;
  virshUri: string;
  hostName: string;
}

/** Runs a command on the host with `input` on its stdin; its exit code, stdout and stderr. */
async function runWithStdin(
  t: ExecTarget,
  argv: readonly string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const channel = await t.transport.exec(argv, { stdinAsFile: true });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    channel.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    channel.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => resolve({ code, stdout, stderr }));
    channel.end(input);
  });
}

/** `virsh -c URI COMMAND --file /dev/stdin FLAGS…` with the document on stdin. */
export async function virshWithStdin(
  t: ExecTarget,
  words: readonly string[],
  xml: string,
  what: string,
): Promise<void> {
  const r = await runWithStdin(t, virshArgv(t.virshUri, ...words), xml);
  if (r.code === 0) return;
  if (r.code === null && r.stderr === '')
    throw new VirtdeskError('DISCONNECTED', `Connection lost while ${what} on ${t.hostName}.`);
  throw commandFailure(r.code, r.stderr, t.hostName);
}

/** Whether a directory exists on the host (`test -d`); null when the shell could not tell. */
export async function remoteDirExists(t: ExecTarget, path: string): Promise<boolean | null> {
  const r = await runWithStdin(t, ['test', '-d', path], '');
  return r.code === 0 ? true : r.code === 1 ? false : null;
}

function fail(p: StorageProblem): never {
  throw new VirtdeskError(p.code, p.message, p.path);
}

/**
 * The simulated host's checks of a pool definition (checkPoolSpec, then poolRules.defineProblem
 * against the pools the host has) and the XML `virsh pool-define` takes.
 */
export function poolDefineXml(spec: PoolSpec, pools: readonly Pool[]): string {
  const [field, problem] = Object.entries(checkPoolSpec(spec))[0] ?? [];
  if (problem) throw new VirtdeskError('INVALID_INPUT', problem, `spec.${field}`);
  if (pools.some((p) => p.name === spec.name))
    fail({ code: 'CONFLICT', message: `A pool named ${spec.name} already exists.`, path: 'name' });
  const target = poolTargetPath(spec);
  const clash = pools.find(
    (p) =>
      (target !== null && p.targetPath === target) ||
      (spec.type === 'logical' && p.type === 'logical' && p.source.name === spec.vgName) ||
      (spec.type === 'rbd' && p.type === 'rbd' && p.source.name === spec.rbdPool),
  );
  if (clash) {
    const what =
      spec.type === 'logical' ? 'volume group' : spec.type === 'rbd' ? 'Ceph pool' : 'target path';
    fail({
      code: 'CONFLICT',
      message: `Storage source conflict with pool ${clash.name}: it uses the same ${what}.`,
    });
  }
  return poolSpecXml(spec);
}

/** How a domain's <disk> names a volume of this pool type (libvirt's disk types). */
export function sourceTypeOf(poolType: string): 'file' | 'block' | 'network' {
  if (['dir', 'fs', 'netfs'].includes(poolType)) return 'file';
  if (['rbd', 'gluster', 'sheepdog'].includes(poolType)) return 'network';
  return 'block';
}

function docsOf(r: DomainRecord): DomainDoc[] {
  return r.live ? [r.config, r.live] : [r.config];
}

/** The first free target of the bus among the domain's definitions (vdb, sdc…). */
export function attachTarget(r: DomainRecord, bus: AttachBus): string {
  return nextTarget(docsOf(r), bus);
}

/** Who uses a disk path, by the domains' definitions (persistent and live). */
export function diskUsers(records: readonly DomainRecord[], path: string): DomainRecord[] {
  return records.filter((r) => docsOf(r).some((d) => d.facts.disks.some((x) => x.source === path)));
}

/** Whether a definition has a virtio-scsi controller for a SCSI disk to go on. */
export function hasVirtioScsi(doc: DomainDoc): boolean {
  const devices = firstChild(parseXml(doc.text, { root: 'domain' }).root, 'devices');
  return (devices ? childElements(devices, 'controller') : []).some(
    (c) => getAttr(c, 'type') === 'scsi' && getAttr(c, 'model') === 'virtio-scsi',
  );
}

/** The controller `attach-device` adds; libvirt picks its index and PCI address. */
export const VIRTIO_SCSI_CONTROLLER = "<controller type='scsi' model='virtio-scsi'/>\n";
