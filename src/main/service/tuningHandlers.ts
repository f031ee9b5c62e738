// The tuning group's requests (shared/tuning.ts), routed by groupHandlers.
import type { TuningMethod } from '../../shared/tuning';
import type { HypervisorDriver } from '../drivers/driver';
import { groupHandlers } from './groupHandlers';

export function tuningHandlers(driverFor: (hostId: string) => HypervisorDriver) {
  return groupHandlers<TuningMethod>(driverFor, {
    prefixes: ['tuning'],
    ops: (driver) => driver.tuning,
    unavailable: 'Host tuning figures are not available',
  });
}
