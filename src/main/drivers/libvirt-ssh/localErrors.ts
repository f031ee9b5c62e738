// What to do when the local hypervisor cannot be reached, said in the words of the systems
// virtdesk runs on: libvirt's own message stays first (it is what the docs and search engines
// know), the remedy follows. virsh's texts are libvirt 9's, as printed by `virsh -c URI uri`.
import { VirtdeskError } from '../../../shared/errors';

const DENIED = [/Permission denied/i, /authentication unavailable/i, /polkit/i, /not authorized/i];
const NOT_RUNNING = [/No such file or directory/i, /Connection refused/i];

export const JOIN_LIBVIRT_GROUP =
  'add your user to the libvirt group (sudo usermod -aG libvirt $USER, then log in again), ' +
  'or allow org.libvirt.unix.manage for it with a polkit rule.';

export const START_SYSTEM_DAEMON =
  'start the libvirt daemon: sudo systemctl enable --now libvirtd.service ' +
  '(or virtqemud.socket where libvirt runs modular daemons).';

export const START_SESSION_DAEMON =
  'start your session daemon (virtqemud --daemon, or libvirtd --daemon on older systems), ' +
  'or leave LIBVIRT_AUTOSTART unset so virsh starts it.';

/** `e` with the remedy for a local connection that failed (uri: qemu:///system …). */
export function explainLocal(e: unknown, uri: string): unknown {
  if (!(e instanceof VirtdeskError) || e.code !== 'HOST_ERROR') return e;
  const remedy = DENIED.some((re) => re.test(e.message))
    ? JOIN_LIBVIRT_GROUP
    : NOT_RUNNING.some((re) => re.test(e.message))
      ? uri.includes('/session')
        ? START_SESSION_DAEMON
        : START_SYSTEM_DAEMON
      : null;
  if (remedy === null) return e;
  return new VirtdeskError('HOST_ERROR', `${e.message.replace(/\.?$/, '.')} To fix it, ${remedy}`);
}
