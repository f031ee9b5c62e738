// MAC addresses for simulated NICs. 52:54:00 is the prefix QEMU/libvirt use for guest NICs, so
// the addresses look exactly like the ones `virsh domiflist` prints on a real host.
import { randomBytes } from 'node:crypto';

export const QEMU_OUI = '52:54:00';

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** A random QEMU MAC not in `taken`; adds it to `taken` so callers cannot hand it out twice. */
export function allocateMac(taken: Set<string>): string {
  for (;;) {
    const b = randomBytes(3);
    const mac = `${QEMU_OUI}:${hex(b[0]!)}:${hex(b[1]!)}:${hex(b[2]!)}`;
    if (!taken.has(mac)) {
      taken.add(mac);
      return mac;
    }
  }
}

export function isMac(s: string): boolean {
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(s);
}
