// The screens of a libvirt host's VMs: where the VNC server listens comes from the live XML
// (`dumpxml --security-info`, the only form that carries a password), the bytes from a stream
// the transport opens to it — a forwarded channel on the host's one SSH connection, or the socket
// itself locally. A password is answered here (vncStream.ts); the page never sees it.
import { isActive } from '../../../shared/lifecycle';
import { childElements, firstChild, getAttr, parseXml } from '../../../shared/libvirt-xml';
import { VirtdeskError } from '../../../shared/errors';
import { DisplayHub } from '../../console/displayHub';
import type { DisplaySource } from '../../console/displayHub';
import { VM_STOPPED } from '../../console/consoleHub';
import { noScreen, vncDisplayOf } from '../common/displayChecks';
import type { DisplayOps } from '../driver';
import type { Virsh } from './domain';
import { virshLine } from './quote';
import type { HostTransport, StreamTarget } from './transport';
import type { DomainRecord } from './vmRecord';
import { passThrough, withVncPassword } from './vncStream';

export interface DisplayHost {
  find(vmId: string): DomainRecord;
  /** The session now (throws DISCONNECTED when there is none). */
  session(): { virsh: Virsh; transport: HostTransport };
}

/** The password of the domain's VNC display, if it has one (only in --security-info XML). */
export function vncPasswordOf(xml: string): string | null {
  const devices = firstChild(parseXml(xml, { root: 'domain' }).root, 'devices');
  const vnc =
    devices && childElements(devices, 'graphics').find((g) => getAttr(g, 'type') === 'vnc');
  const pw = vnc && getAttr(vnc, 'passwd');
  return pw ? pw : null;
}

/** A wildcard listen address is reached on loopback from the host itself. */
function reachable(listen: string | null): string {
  if (listen === null || listen === '' || listen === '0.0.0.0') return '127.0.0.1';
  if (listen === '::') return '::1';
  return listen;
}

export class RemoteDisplays implements DisplayOps {
  private readonly hub = new DisplayHub();

  constructor(private readonly host: DisplayHost) {}

  attach: DisplayOps['attach'] = async (vmId, client) => {
    const vm = this.host.find(vmId);
    if (!isActive(vm.state)) throw noScreen(vm.view.name);
    return this.hub.attach(vmId, client, () => this.open(vm));
  };

  vmStopped(vmId: string): void {
    this.hub.closeVm(vmId, VM_STOPPED);
  }

  closeAll(reason: string): void {
    this.hub.closeAll(reason);
  }

  private async open(vm: DomainRecord): Promise<DisplaySource> {
    const { virsh, transport } = this.host.session();
    const name = vm.view.name;
    const xml = await virsh.call(virshLine('dumpxml', '--security-info', ['--domain', vm.id]));
    const display = vncDisplayOf(xml, name);
    let target: StreamTarget;
    if (display.socket) target = { socket: display.socket };
    else if (display.port) target = { host: reachable(display.listen), port: display.port };
    else throw new VirtdeskError('INVALID_STATE', `${name}'s VNC server has no port yet.`);
    const stream = await transport.openStream(target);
    const password = vncPasswordOf(xml);
    return password ? withVncPassword(stream, password) : passThrough(stream);
  }
}
