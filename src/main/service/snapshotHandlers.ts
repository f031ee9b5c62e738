// The snapshots group's requests (shared/snapshots.ts), routed by groupHandlers.
import type { SnapshotMethod } from '../../shared/snapshots';
import type { HypervisorDriver } from '../drivers/driver';
import { groupHandlers } from './groupHandlers';

export function snapshotHandlers(driverFor: (hostId: string) => HypervisorDriver) {
  return groupHandlers<SnapshotMethod>(driverFor, {
    prefixes: ['snapshot'],
    ops: (driver) => driver.snapshots,
    unavailable: 'Snapshots are not supported',
  });
}
