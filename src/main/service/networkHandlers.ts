// The networks group's requests (shared/networks.ts), routed by groupHandlers.
import type { NetworkMethod } from '../../shared/networks';
import type { HypervisorDriver } from '../drivers/driver';
import { groupHandlers } from './groupHandlers';

export function networkHandlers(driverFor: (hostId: string) => HypervisorDriver) {
  return groupHandlers<NetworkMethod>(driverFor, {
    prefixes: ['network'],
    ops: (driver) => driver.networks,
    unavailable: 'Virtual networks are not available',
  });
}
