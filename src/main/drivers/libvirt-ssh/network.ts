// libvirt virtual networks: the names a new VM's NIC can join.
import type { Virsh } from './domain';
import { virshLine } from './quote';

/**
 * `--name` lists: one name a line, exactly (a name may begin or end with spaces, hold a TAB; it
 * never holds a line break), blank lines skipped.
 */
export function parseNames(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

export async function networkListNames({ virsh }: { virsh: Virsh }): Promise<string[]> {
  return parseNames(await virsh.call(virshLine('net-list', '--all', '--name')));
}
