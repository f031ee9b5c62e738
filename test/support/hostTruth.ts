// What the testbed host itself says, to compare a driver's tree with: every domain's UUID, name and
// state from the host's own virsh (as root, qemu:///system), and the processes that serve one SSH
// connection on the host (to kill them as a fault would).
import { readdirSync, readFileSync } from 'node:fs';
import { hostVirsh } from '../../bench/support/hostVirsh';
import type { VmState } from '../../src/shared/model';
import type { TestbedInfo } from './testbed';

const STATE_FILTERS: [string, VmState][] = [
  ['--state-running', 'running'],
  ['--state-paused', 'paused'],
  ['--state-shutoff', 'shutoff'],
];

const DOMSTATE: Record<string, VmState> = {
  running: 'running',
  idle: 'blocked',
  blocked: 'blocked',
  paused: 'paused',
  'in shutdown': 'shutdown',
  'shut off': 'shutoff',
  crashed: 'crashed',
  pmsuspended: 'pmsuspended',
};

/** `uuid name|state` lines for every domain on the host, sorted: what `virsh list --all` shows. */
export async function hostDomainLines(tb: TestbedInfo): Promise<string[]> {
  const uri = tb.libvirt.system;
  const lines = (await hostVirsh(uri, 'list', '--all', '--uuid', '--name'))
    .split('\n')
    .filter((l) => l.length > 37);
  const states = new Map<string, VmState>();
  for (const [flag, state] of STATE_FILTERS) {
    for (const u of (await hostVirsh(uri, 'list', '--all', '--uuid', flag)).split('\n'))
      if (u.trim() !== '') states.set(u.trim(), state);
  }
  const out: string[] = [];
  for (const l of lines) {
    const uuid = l.slice(0, 36);
    let state = states.get(uuid);
    if (!state) state = DOMSTATE[(await hostVirsh(uri, 'domstate', uuid)).trim()] ?? 'crashed';
    out.push(`${uuid} ${l.slice(37)}|${state}`);
  }
  return out.sort();
}

/** The same lines for a driver's tree. */
export function treeLines(vms: readonly { id: string; name: string; state: VmState }[]): string[] {
  return vms.map((v) => `${v.id} ${v.name}|${v.state}`).sort();
}

function ppidOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Every live descendant of `roots` (children, their children …). */
export function descendants(roots: readonly number[]): number[] {
  const byParent = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    const ppid = ppidOf(pid);
    if (ppid !== null) byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  }
  const out = new Set<number>();
  const todo = [...roots];
  while (todo.length > 0) {
    for (const c of byParent.get(todo.pop()!) ?? []) {
      if (out.has(c)) continue;
      out.add(c);
      todo.push(c);
    }
  }
  return [...out];
}

/** A process's argv (empty when it is gone). */
export function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}
