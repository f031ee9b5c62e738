// The hardware group's requests (shared/hardware.ts), routed by groupHandlers.
import type { HardwareMethod } from '../../shared/hardware';
import type { HypervisorDriver } from '../drivers/driver';
import { groupHandlers } from './groupHandlers';

export function hardwareHandlers(driverFor: (hostId: string) => HypervisorDriver) {
  return groupHandlers<HardwareMethod>(driverFor, {
    prefixes: ['hardware'],
    ops: (driver) => driver.hardware,
    unavailable: 'VM hardware settings cannot be changed',
  });
}
