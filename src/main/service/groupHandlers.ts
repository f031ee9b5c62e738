// The requests of one optional driver group (storage, snapshots, networks, tuning, host devices,
// hardware), routed to the driver serving the host when it has the group; a driver without it is
// refused with UNSUPPORTED naming the host. The driver gets the params without hostId, which only
// routing needs. One function for every group, so a new group is a line in service.ts.
import { API_METHODS, type ApiMethod, type Params, type Result } from '../../shared/api';
import { VirtdeskError } from '../../shared/errors';
import type { HypervisorDriver } from '../drivers/driver';

export type GroupHandlers<M extends ApiMethod> = {
  [K in M]: (params: Params<K>) => Promise<Result<K>>;
};

type GroupOps<M extends ApiMethod> = {
  [K in M]: (params: Omit<Params<K>, 'hostId'>) => Promise<Result<K>>;
};

type AnyOp = (params: object) => Promise<unknown>;

export interface GroupSpec<M extends ApiMethod> {
  /** The method names' prefixes (`pool`, `volume`): every api method starting so is routed. */
  prefixes: readonly string[];
  /** The driver's member serving the group, absent when the host has no such thing. */
  ops: (driver: HypervisorDriver) => GroupOps<M> | undefined;
  /** "Storage pools are not available": the refusal, completed with " on HOST.". */
  unavailable: string;
}

export function groupHandlers<M extends ApiMethod>(
  driverFor: (hostId: string) => HypervisorDriver,
  spec: GroupSpec<M>,
): GroupHandlers<M> {
  const methods = API_METHODS.filter((m) => spec.prefixes.some((p) => m.startsWith(p)));
  const handlers: Record<string, (params: { hostId: string }) => Promise<unknown>> = {};
  for (const method of methods) {
    handlers[method] = async ({ hostId, ...rest }) => {
      const driver = driverFor(hostId);
      const ops = spec.ops(driver) as Record<string, AnyOp> | undefined;
      if (!ops)
        throw new VirtdeskError('UNSUPPORTED', `${spec.unavailable} on ${driver.getHost().name}.`);
      const op = ops[method];
      if (!op) throw new VirtdeskError('UNSUPPORTED', `${method} is not served by this host.`);
      return op.call(ops, rest);
    };
  }
  return handlers as unknown as GroupHandlers<M>;
}
