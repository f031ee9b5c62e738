// The snapshot requests, routed to the driver serving the host when it has snapshots at all;
// a driver without them is refused with UNSUPPORTED naming the host.
import type { Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { SnapshotMethod } from '../../shared/snapshots';
import type { HypervisorDriver, SnapshotOps } from '../drivers/driver';

type SnapshotHandlers = { [M in SnapshotMethod]: (params: Params<M>) => Promise<Result<M>> };

export function snapshotHandlers(
  driverFor: (hostId: string) => HypervisorDriver,
): SnapshotHandlers {
  const ops = (hostId: string): SnapshotOps => {
    const driver = driverFor(hostId);
    if (!driver.snapshots)
      throw new VirtdeskError(
        'UNSUPPORTED',
        `Snapshots are not supported on ${driver.getHost().name}`,
      );
    return driver.snapshots;
  };
  const strip = <T extends { hostId: string }>({ hostId: _hostId, ...rest }: T) => rest;
  return {
    snapshotList: async (p) => ops(p.hostId).snapshotList(strip(p)),
    snapshotCreate: async (p) => ops(p.hostId).snapshotCreate(strip(p)),
    snapshotRevert: async (p) => ops(p.hostId).snapshotRevert(strip(p)),
    snapshotDelete: async (p) => ops(p.hostId).snapshotDelete(strip(p)),
  };
}
