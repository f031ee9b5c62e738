// libvirt virtual networks: the names a new VM's NIC can join.
import type { Virsh } from './domain';
import { virshLine } from './quote';

export function parseNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export async function networkListNames({ virsh }: { virsh: Virsh }): Promise<string[]> {
  return parseNames(await virsh.call(virshLine('net-list', '--all', '--name')));
}
