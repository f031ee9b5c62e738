// Whether this machine runs libvirt, judged the way virt-manager does on first start: by the
// daemon's socket. The system daemon wins (it is the one that manages the machine's VMs); the
// user's session daemon is offered when only it is there. Tests and benchmarks turn this off with
// VIRTDESK_LOCAL_HYPERVISOR=0, so the machine's own libvirtd never joins their data dirs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The sockets of the monolithic daemon (libvirtd) and of the modular one (virtqemud). */
const SOCKETS = ['libvirt-sock', 'virtqemud-sock'];

/** The URI of this machine's hypervisor when its socket exists; null when there is none. */
export function detectLocalHypervisor(
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
): string | null {
  if (env.VIRTDESK_LOCAL_HYPERVISOR === '0') return null;
  const found = (dir: string) => SOCKETS.some((s) => exists(join(dir, s)));
  if (found('/run/libvirt')) return 'qemu:///system';
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && found(join(runtime, 'libvirt'))) return 'qemu:///session';
  return null;
}
