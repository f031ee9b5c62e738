// The definition of a new VM for a REAL host: the shared builder's virt-install-like q35 domain,
// adapted to what the host's capabilities say it can run. A host without KVM (TCG only, like the
// testbed) gets type='qemu' and QEMU's default CPU model (host-passthrough needs KVM); the machine
// is the host's own `q35` alias, which libvirt expands to its newest q35 version at define time.
import { VirtdeskError } from '../../../shared/errors';
import type { CapabilitiesView, GuestCapsView } from '../../../shared/libvirt-xml';
import {
  elementOf,
  findElement,
  newDomain,
  removeChildren,
  serializeXml,
  setAttr,
  setText,
} from '../../../shared/libvirt-xml';
import type { NewVmSpec } from '../../../shared/model';

export interface RemoteDomainPlan {
  spec: NewVmSpec;
  uuid: string;
  mac: string;
  /** The disk's path on the host and its image format, or null for a VM without a disk. */
  disk: { path: string; format: string } | null;
  caps: CapabilitiesView;
}

function guestFor(caps: CapabilitiesView): GuestCapsView {
  const arch = caps.cpu.arch ?? 'x86_64';
  const hvm = caps.guests.filter((g) => g.osType === 'hvm');
  const guest = hvm.find((g) => g.arch === arch) ?? hvm.find((g) => g.arch === 'x86_64');
  if (!guest) {
    throw new VirtdeskError('UNSUPPORTED', `The host's hypervisor cannot run ${arch} guests.`);
  }
  return guest;
}

export function remoteDomainXml(plan: RemoteDomainPlan): string {
  const guest = guestFor(plan.caps);
  if (guest.arch !== 'x86_64') {
    throw new VirtdeskError(
      'UNSUPPORTED',
      `New VMs are x86_64 q35 machines; this host runs ${guest.arch}.`,
    );
  }
  const machine = guest.machines.includes('q35')
    ? 'q35'
    : guest.machines
        .filter((m) => m.startsWith('pc-q35-'))
        .sort()
        .pop();
  if (!machine) throw new VirtdeskError('UNSUPPORTED', "The host's QEMU has no q35 machine type.");
  const kvm = guest.domainTypes.includes('kvm');
  const doc = newDomain({
    name: plan.spec.name,
    uuid: plan.uuid,
    memoryKiB: plan.spec.memoryMiB * 1024,
    vcpus: plan.spec.vcpus,
    machine,
    disks: plan.disk ? [{ source: plan.disk.path, target: 'vda', format: plan.disk.format }] : [],
    nics: [{ mac: plan.mac, source: plan.spec.network }],
  });
  const root = elementOf(doc);
  if (!kvm) {
    setAttr(root, 'type', 'qemu');
    removeChildren(root, 'cpu');
  }
  const devices = findElement(root, 'devices');
  const emulator = devices && findElement(devices, 'emulator');
  if (emulator && guest.emulator) setText(emulator, guest.emulator);
  // The builder's iTCO watchdog is unknown to libvirt before 9.1 ("unknown watchdog model"), and
  // virt-install adds no watchdog by default either.
  if (devices) removeChildren(devices, 'watchdog');
  return serializeXml(doc);
}
