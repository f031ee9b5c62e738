// libvirt virtual networks: the names a new VM's NIC can join.
import type { Virsh } from './domain';
import { parseUuids } from './domainScan';
import { virshLine } from './quote';

/**
 * The exact names of the objects a `--uuid` list gives, in two round trips. virsh 9.0 pads the
 * `--name` lists of pools and networks to a column (`vd-pool             `, checked on the
 * testbed), so a name that really ends in spaces cannot be told from the padding there;
 * `pool-name` / `net-name` by UUID print it as it is.
 */
export async function exactNames(
  virsh: Virsh,
  list: string,
  toName: { command: 'pool-name' | 'net-name'; option: '--pool' | '--network' },
): Promise<string[]> {
  return namesOfUuids(virsh, await virsh.call(list), toName);
}

/** exactNames for a `--uuid` list already read (one round trip fewer when it rode a batch). */
export async function namesOfUuids(
  virsh: Virsh,
  uuidList: string,
  toName: { command: 'pool-name' | 'net-name'; option: '--pool' | '--network' },
): Promise<string[]> {
  const ids = [...parseUuids(uuidList)];
  if (ids.length === 0) return [];
  const replies = await virsh.batch(
    ids.map((id) => virshLine(toName.command, [toName.option, id])),
  );
  // A name never holds a line break: what ends the reply is virsh's own.
  return replies.flatMap((r) => (r.ok ? [r.stdout.replace(/\n+$/, '')] : []));
}

export const NET_LIST_UUIDS = virshLine('net-list', '--all', '--uuid');
export const NET_NAME = { command: 'net-name', option: '--network' } as const;

export function networkListNames({ virsh }: { virsh: Virsh }): Promise<string[]> {
  return exactNames(virsh, NET_LIST_UUIDS, NET_NAME);
}
