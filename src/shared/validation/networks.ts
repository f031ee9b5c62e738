// Schemas of the network requests. A new network's name follows virtdesk's name rules; a name
// that refers to an existing network only has to be one libvirt could have made, so networks
// defined with virsh stay manageable. A definition is a union by `kind`, then checked with the
// rules the Define network dialog shows (checkNetworkSpec).
import type { ApiMethods } from '../api';
import type { NetworkSpec } from '../model';
import { checkNetworkSpec } from '../networks';
import { libvirtRef, newName } from './names';
import type { Schema } from './schema';
import { bool, obj, oneOf, refineFields, str } from './schema';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

const name = newName('Network name');
const short = str({ max: 64 });

type SpecOf<K extends NetworkSpec['kind']> = Extract<NetworkSpec, { kind: K }>;

/** The shape first, then the values, with the rules the Define network dialog shows. */
const checked = <S extends NetworkSpec>(shape: Schema<S>): Schema<S> =>
  refineFields(shape, checkNetworkSpec);

const addressed = checked(
  obj<SpecOf<'nat' | 'isolated'>>({
    kind: oneOf(['nat', 'isolated'] as const),
    name,
    subnet: short,
    dhcpStart: short,
    dhcpEnd: short,
    bridge: short,
  }),
);
const bridged = checked(
  obj<SpecOf<'bridge'>>({ kind: oneOf(['bridge'] as const), name, bridge: short }),
);

export const networkSpecSchema: Schema<NetworkSpec> = (v, path) => {
  const kind =
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>).kind
      : undefined;
  if (kind === 'bridge') return bridged(v, path);
  if (kind === undefined) return addressed(v, path);
  oneOf(['nat', 'isolated', 'bridge'] as const)(kind, path ? `${path}.kind` : 'kind');
  return addressed(v, path);
};

export function networkSchemas(id: Schema<string>) {
  const netRef = obj<P<'networkStart'>>({ hostId: id, network: libvirtRef });
  return {
    networkList: obj<P<'networkList'>>({ hostId: id }),
    networkDefine: obj<P<'networkDefine'>>({ hostId: id, spec: networkSpecSchema }),
    networkStart: netRef,
    networkStop: netRef,
    networkSetAutostart: obj<P<'networkSetAutostart'>>({
      hostId: id,
      network: libvirtRef,
      autostart: bool(),
    }),
    networkUndefine: netRef,
    networkGetXml: netRef,
    networkLeases: netRef,
    networkHostBridges: obj<P<'networkHostBridges'>>({ hostId: id }),
  };
}
