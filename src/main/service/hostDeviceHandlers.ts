// The hostDevices group's requests (shared/hostDevices.ts), routed by groupHandlers.
import type { HostDeviceMethod } from '../../shared/hostDevices';
import type { HypervisorDriver } from '../drivers/driver';
import { groupHandlers } from './groupHandlers';

export function hostDeviceHandlers(driverFor: (hostId: string) => HypervisorDriver) {
  return groupHandlers<HostDeviceMethod>(driverFor, {
    prefixes: ['hostDevice'],
    ops: (driver) => driver.hostDevices,
    unavailable: 'PCI passthrough is not available',
  });
}
