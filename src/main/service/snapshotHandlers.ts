// The snapshot requests, routed to the driver serving the host when it has snapshots at all;
// a driver without them is refused with UNSUPPORTED naming the host.
import type { ApiMethod, Params, Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { HypervisorDriver, SnapshotOps } from '../drivers/driver';

type SnapshotMethod = Extract<ApiMethod, `snapshot${string}`>;
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
  return {
    snapshotList: async (p) => ops(p.hostId).list(p.vmId),
    snapshotCreate: async (p) =>
      ops(p.hostId).create(p.vmId, {
        name: p.name,
        description: p.description,
        withMemory: p.withMemory,
        quiesce: p.quiesce,
      }),
    snapshotRevert: async (p) => ops(p.hostId).revert(p.vmId, p.name),
    snapshotDelete: async (p) => ops(p.hostId).delete(p.vmId, p.name, p.mode),
  };
}
