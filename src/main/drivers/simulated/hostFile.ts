// The on-disk form of one simulated host, and its structural check. A file that fails the check
// is treated as corrupt (moved aside and reported), so the check must be strict enough that a
// host never starts from half-understood data, and tell the user what was wrong.
import type { Disk, Nic, Vm } from '../../../shared/model';
import { VM_STATES } from '../../../shared/model';

export const HOST_FILE_VERSION = 1;

export interface SimHostFile {
  version: typeof HOST_FILE_VERSION;
  hostId: string;
  name: string;
  vms: Vm[];
}

class ShapeError extends Error {}

type Rec = Record<string, unknown>;

function record(v: unknown, path: string): Rec {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ShapeError(`${path} is not an object`);
  return v as Rec;
}

function str(o: Rec, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ShapeError(`${path}.${key} is not a string`);
  return v;
}

function strOrNull(o: Rec, key: string, path: string): string | null {
  return o[key] === null ? null : str(o, key, path);
}

function count(o: Rec, key: string, path: string, min: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new ShapeError(`${path}.${key} is not a whole number ≥ ${min}`);
  return v;
}

function bool(o: Rec, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ShapeError(`${path}.${key} is not true or false`);
  return v;
}

function oneOf<T extends string>(o: Rec, key: string, path: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw new ShapeError(`${path}.${key} is not one of ${values.join(', ')}`);
  return v as T;
}

function array(o: Rec, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ShapeError(`${path}.${key} is not a list`);
  return v;
}

function disk(v: unknown, path: string): Disk {
  const o = record(v, path);
  return {
    target: str(o, 'target', path),
    device: oneOf(o, 'device', path, ['disk', 'cdrom'] as const),
    bus: oneOf(o, 'bus', path, ['virtio', 'scsi', 'sata', 'ide'] as const),
    source: strOrNull(o, 'source', path),
    format: strOrNull(o, 'format', path),
    capacityBytes: o.capacityBytes === null ? null : count(o, 'capacityBytes', path, 0),
  };
}

function nic(v: unknown, path: string): Nic {
  const o = record(v, path);
  return {
    mac: str(o, 'mac', path),
    type: oneOf(o, 'type', path, ['network', 'bridge', 'direct', 'hostdev', 'user'] as const),
    source: str(o, 'source', path),
    model: str(o, 'model', path),
  };
}

function vm(v: unknown, path: string, hostId: string): Vm {
  const o = record(v, path);
  const result: Vm = {
    hostId: str(o, 'hostId', path),
    id: str(o, 'id', path),
    name: str(o, 'name', path),
    title: str(o, 'title', path),
    description: str(o, 'description', path),
    state: oneOf(o, 'state', path, VM_STATES),
    guest: o.guest === null ? null : oneOf(o, 'guest', path, ['booting', 'up'] as const),
    vcpus: count(o, 'vcpus', path, 1),
    memoryKiB: count(o, 'memoryKiB', path, 1),
    persistent: bool(o, 'persistent', path),
    autostart: bool(o, 'autostart', path),
    disks: array(o, 'disks', path).map((d, i) => disk(d, `${path}.disks[${i}]`)),
    nics: array(o, 'nics', path).map((n, i) => nic(n, `${path}.nics[${i}]`)),
  };
  if (result.hostId !== hostId) throw new ShapeError(`${path} belongs to host ${result.hostId}`);
  return result;
}

/** Checks parsed JSON; throws an Error whose message says what is wrong. Unknown keys are dropped. */
export function parseSimHostFile(raw: unknown, hostId: string): SimHostFile {
  const o = record(raw, 'the file');
  if (o.version !== HOST_FILE_VERSION)
    throw new ShapeError(
      `version is ${String(JSON.stringify(o.version)).slice(0, 40)}, expected ${HOST_FILE_VERSION}`,
    );
  const fileHost = str(o, 'hostId', 'the file');
  if (fileHost !== hostId) throw new ShapeError(`it belongs to host ${fileHost}, not ${hostId}`);
  const vms = array(o, 'vms', 'the file').map((v, i) => vm(v, `vms[${i}]`, hostId));
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const v of vms) {
    if (ids.has(v.id)) throw new ShapeError(`VM id ${v.id} appears twice`);
    if (names.has(v.name)) throw new ShapeError(`VM name ${v.name} appears twice`);
    ids.add(v.id);
    names.add(v.name);
  }
  return { version: HOST_FILE_VERSION, hostId, name: str(o, 'name', 'the file'), vms };
}
