// The storage requests, routed to the driver serving the host when it manages storage at all;
// a driver without the capability is refused with UNSUPPORTED naming the host. The driver gets
// the params without hostId, which only routing needs.
import type { Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { StorageMethod } from '../../shared/storage';
import type { HypervisorDriver, StorageOps } from '../drivers/driver';

type StorageHandlers = { [M in StorageMethod]: (params: Params<M>) => Promise<Result<M>> };

export function storageHandlers(driverFor: (hostId: string) => HypervisorDriver): StorageHandlers {
  const ops = (hostId: string): StorageOps => {
    const driver = driverFor(hostId);
    if (!driver.storage)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Storage pools are not available on ${driver.getHost().name}.`,
      );
    return driver.storage;
  };
  const strip = <T extends { hostId: string }>({ hostId: _hostId, ...rest }: T) => rest;
  return {
    poolList: async (p) => ops(p.hostId).poolList(strip(p)),
    poolDefine: async (p) => ops(p.hostId).poolDefine(strip(p)),
    poolStart: async (p) => ops(p.hostId).poolStart(strip(p)),
    poolStop: async (p) => ops(p.hostId).poolStop(strip(p)),
    poolRefresh: async (p) => ops(p.hostId).poolRefresh(strip(p)),
    poolSetAutostart: async (p) => ops(p.hostId).poolSetAutostart(strip(p)),
    poolUndefine: async (p) => ops(p.hostId).poolUndefine(strip(p)),
    poolGetXml: async (p) => ops(p.hostId).poolGetXml(strip(p)),
    volumeList: async (p) => ops(p.hostId).volumeList(strip(p)),
    volumeCreate: async (p) => ops(p.hostId).volumeCreate(strip(p)),
    volumeResize: async (p) => ops(p.hostId).volumeResize(strip(p)),
    volumeClone: async (p) => ops(p.hostId).volumeClone(strip(p)),
    volumeDelete: async (p) => ops(p.hostId).volumeDelete(strip(p)),
    volumeAttach: async (p) => ops(p.hostId).volumeAttach(strip(p)),
  };
}
