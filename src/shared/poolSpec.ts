// What a pool definition must satisfy before it is defined: shared by the Define pool dialog (as
// you type) and main (authoritatively), one message per bad field. Paths are absolute and are
// stored the way libvirt stores them (no doubled or trailing slashes).
import type { PoolSpec } from './model';
import { checkName } from './names';
import { hasControlChars } from './text/chars';

export type PoolSpecField =
  | 'name'
  | 'path'
  | 'vgName'
  | 'devices'
  | 'host'
  | 'exportPath'
  | 'targetPath'
  | 'monitorHosts'
  | 'rbdPool'
  | 'authUser'
  | 'secretUuid';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}$/;

/** '/var//lib/x/' → '/var/lib/x', as libvirt stores a pool's paths. */
export function cleanPath(p: string): string {
  const joined = p.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

export function checkAbsPath(p: string, what = 'Path'): string | null {
  if (p === '') return `${what} is required.`;
  if (p.length > 4096) return `${what} is too long.`;
  if (hasControlChars(p)) return `${what} may not contain control characters.`;
  if (!p.startsWith('/')) return `${what} must be absolute (start with /).`;
  if (cleanPath(p).split('/').includes('..')) return `${what} may not contain '..'.`;
  return null;
}

export function checkHostName(h: string, what = 'Host'): string | null {
  if (h === '') return `${what} is required.`;
  return HOSTNAME.test(h) || (h.includes(':') && IPV6.test(h))
    ? null
    : `${what} must be a host name or an IP address.`;
}

/** "mon1:6789", "10.0.0.5", "[2001:db8::1]:6789" → name and port. */
export function parseMonitorHost(s: string): { name: string; port?: number } | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(s.trim());
  if (m === null) return null;
  const name = m[1] ?? m[2] ?? '';
  if (checkHostName(name) !== null) return null;
  if (m[3] === undefined) return { name };
  const port = Number(m[3]);
  return port >= 1 && port <= 65535 ? { name, port } : null;
}

function simple(s: string, what: string): string | null {
  if (s === '') return `${what} is required.`;
  return SIMPLE_NAME.test(s) ? null : `${what} may contain letters, digits, '.', '_', '+' and '-'.`;
}

function list(items: readonly string[], what: string, check: (s: string) => string | null) {
  if (items.length === 0) return `At least one ${what} is required.`;
  if (items.length > 16) return `At most 16 ${what}s.`;
  if (new Set(items).size !== items.length) return `A ${what} is listed twice.`;
  for (const item of items) {
    const problem = check(item);
    if (problem) return `${item}: ${problem}`;
  }
  return null;
}

/** One message per bad field of a pool definition; empty when it can be defined. */
export function checkPoolSpec(spec: PoolSpec): Partial<Record<PoolSpecField, string>> {
  const errors: Partial<Record<PoolSpecField, string>> = {};
  const set = (field: PoolSpecField, problem: string | null): void => {
    if (problem) errors[field] = problem;
  };
  set('name', checkName(spec.name, 'Pool name'));
  switch (spec.type) {
    case 'dir':
      set('path', checkAbsPath(spec.path, 'Target path'));
      break;
    case 'logical':
      set('vgName', simple(spec.vgName, 'Volume group'));
      set(
        'devices',
        list(spec.devices, 'device', (d) => checkAbsPath(d, 'A device')),
      );
      break;
    case 'netfs':
      set('host', checkHostName(spec.host, 'Server'));
      set('exportPath', checkAbsPath(spec.exportPath, 'Export path'));
      set('targetPath', checkAbsPath(spec.targetPath, 'Mount point'));
      break;
    case 'rbd':
      set(
        'monitorHosts',
        list(spec.monitorHosts, 'monitor', (h) =>
          parseMonitorHost(h) ? null : 'not a host, host:port or [IPv6]:port',
        ),
      );
      set('rbdPool', simple(spec.rbdPool, 'Ceph pool'));
      set('authUser', simple(spec.authUser, 'Ceph user'));
      set(
        'secretUuid',
        UUID.test(spec.secretUuid) ? null : 'Secret must be a libvirt secret UUID.',
      );
      break;
  }
  return errors;
}
