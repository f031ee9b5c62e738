// The storage group's requests (shared/storage.ts), routed by groupHandlers.
import type { StorageMethod } from '../../shared/storage';
import type { HypervisorDriver } from '../drivers/driver';
import { groupHandlers } from './groupHandlers';

export function storageHandlers(driverFor: (hostId: string) => HypervisorDriver) {
  return groupHandlers<StorageMethod>(driverFor, {
    prefixes: ['pool', 'volume'],
    ops: (driver) => driver.storage,
    unavailable: 'Storage pools are not available',
  });
}
