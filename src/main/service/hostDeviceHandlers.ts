// The host device requests, routed to the driver serving the host when it does passthrough at
// all; a driver without the capability is refused with UNSUPPORTED naming the host. The driver
// gets the params without hostId, which only routing needs.
import type { Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { HostDeviceMethod } from '../../shared/hostDevices';
import type { HostDeviceOps, HypervisorDriver } from '../drivers/driver';

type HostDeviceHandlers = { [M in HostDeviceMethod]: (params: Params<M>) => Promise<Result<M>> };

export function hostDeviceHandlers(
  driverFor: (hostId: string) => HypervisorDriver,
): HostDeviceHandlers {
  const ops = (hostId: string): HostDeviceOps => {
    const driver = driverFor(hostId);
    if (!driver.hostDevices)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `PCI passthrough is not available on ${driver.getHost().name}.`,
      );
    return driver.hostDevices;
  };
  const strip = <T extends { hostId: string }>({ hostId: _hostId, ...rest }: T) => rest;
  return {
    hostDeviceList: async (p) => ops(p.hostId).hostDeviceList(strip(p)),
    hostDeviceCheck: async (p) => ops(p.hostId).hostDeviceCheck(strip(p)),
    hostDeviceAssign: async (p) => ops(p.hostId).hostDeviceAssign(strip(p)),
    hostDeviceRemove: async (p) => ops(p.hostId).hostDeviceRemove(strip(p)),
    hostDeviceSetVfCount: async (p) => ops(p.hostId).hostDeviceSetVfCount(strip(p)),
    hostDeviceBind: async (p) => ops(p.hostId).hostDeviceBind(strip(p)),
    hostDeviceCreateVfNetwork: async (p) => ops(p.hostId).hostDeviceCreateVfNetwork(strip(p)),
  };
}
