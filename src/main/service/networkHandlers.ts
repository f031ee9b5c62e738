// The network requests, routed to the driver serving the host when it manages networks at all;
// a driver without the capability is refused with UNSUPPORTED naming the host.
import type { Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { NetworkMethod } from '../../shared/networks';
import type { HypervisorDriver, NetworkOps } from '../drivers/driver';

type NetworkHandlers = { [M in NetworkMethod]: (params: Params<M>) => Promise<Result<M>> };

export function networkHandlers(driverFor: (hostId: string) => HypervisorDriver): NetworkHandlers {
  const ops = (hostId: string): NetworkOps => {
    const driver = driverFor(hostId);
    if (!driver.networks)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Virtual networks are not available on ${driver.getHost().name}.`,
      );
    return driver.networks;
  };
  const strip = <T extends { hostId: string }>({ hostId: _hostId, ...rest }: T) => rest;
  return {
    networkList: async (p) => ops(p.hostId).networkList(strip(p)),
    networkDefine: async (p) => ops(p.hostId).networkDefine(strip(p)),
    networkStart: async (p) => ops(p.hostId).networkStart(strip(p)),
    networkStop: async (p) => ops(p.hostId).networkStop(strip(p)),
    networkSetAutostart: async (p) => ops(p.hostId).networkSetAutostart(strip(p)),
    networkUndefine: async (p) => ops(p.hostId).networkUndefine(strip(p)),
    networkGetXml: async (p) => ops(p.hostId).networkGetXml(strip(p)),
    networkLeases: async (p) => ops(p.hostId).networkLeases(strip(p)),
    networkHostBridges: async (p) => ops(p.hostId).networkHostBridges(strip(p)),
  };
}
