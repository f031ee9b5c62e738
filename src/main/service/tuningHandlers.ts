// The host tuning requests, routed to the driver serving the host when it reports tuning figures;
// a driver without the capability is refused with UNSUPPORTED naming the host.
import type { Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { TuningMethod } from '../../shared/tuning';
import type { HypervisorDriver, TuningOps } from '../drivers/driver';

type TuningHandlers = { [M in TuningMethod]: (params: Params<M>) => Promise<Result<M>> };

export function tuningHandlers(driverFor: (hostId: string) => HypervisorDriver): TuningHandlers {
  const ops = (hostId: string): TuningOps => {
    const driver = driverFor(hostId);
    if (!driver.tuning)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Host tuning figures are not available on ${driver.getHost().name}.`,
      );
    return driver.tuning;
  };
  const strip = <T extends { hostId: string }>({ hostId: _hostId, ...rest }: T) => rest;
  return {
    tuningGet: async (p) => ops(p.hostId).tuningGet(strip(p)),
    tuningSetHugepages: async (p) => ops(p.hostId).tuningSetHugepages(strip(p)),
  };
}
