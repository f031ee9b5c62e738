// Schemas of the host device requests. A PCI address is the form lspci prints (dddd:bb:ss.f, lower
// case); a MAC must be a unicast address (libvirt refuses a multicast one for a NIC); a VLAN tag is
// an 802.1Q id from 1 to 4094. A VF network's name follows virtdesk's name rules.
import type { ApiMethods } from '../api';
import { isPciAddress } from '../hostDevices';
import { bool, int, nullable, obj, oneOf, str } from './schema';
import type { Schema } from './schema';
import { newName } from './names';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

export const pciAddressSchema = str({
  min: 12,
  max: 12,
  check: (s) => (isPciAddress(s) ? null : 'must be a PCI address like 0000:41:02.1'),
});

export const MAC_RE = /^[0-9a-f][02468ace](:[0-9a-f]{2}){5}$/;

const mac = str({
  min: 17,
  max: 17,
  check: (s) => (MAC_RE.test(s) ? null : 'must be a unicast MAC address like 52:54:00:12:34:56'),
});

/** Most VFs a PF offers in practice (sriov_totalvfs of a ConnectX-6 is 127; 256 is the PCI limit). */
const MAX_VFS = 256;

export function hostDeviceSchemas(id: Schema<string>) {
  const assign = obj<P<'hostDeviceAssign'>>({
    hostId: id,
    vmId: id,
    address: pciAddressSchema,
    as: oneOf(['hostdev', 'interface'] as const),
    mac: nullable(mac),
    vlan: nullable(int({ min: 1, max: 4094 })),
    wholeGroup: bool(),
  });
  return {
    hostDeviceList: obj<P<'hostDeviceList'>>({ hostId: id }),
    hostDeviceCheck: assign,
    hostDeviceAssign: assign,
    hostDeviceRemove: obj<P<'hostDeviceRemove'>>({
      hostId: id,
      vmId: id,
      address: pciAddressSchema,
    }),
    hostDeviceSetVfCount: obj<P<'hostDeviceSetVfCount'>>({
      hostId: id,
      address: pciAddressSchema,
      count: int({ min: 0, max: MAX_VFS }),
    }),
    hostDeviceBind: obj<P<'hostDeviceBind'>>({
      hostId: id,
      address: pciAddressSchema,
      driver: oneOf(['vfio-pci', 'host'] as const),
    }),
    hostDeviceCreateVfNetwork: obj<P<'hostDeviceCreateVfNetwork'>>({
      hostId: id,
      address: pciAddressSchema,
      name: newName('Network name'),
    }),
  };
}
