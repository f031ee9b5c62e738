// Schemas of the network requests. A new network's name follows virtdesk's name rules; a name
// that refers to an existing network only has to be one libvirt could have made, so networks
// defined with virsh stay manageable. A definition is a union by `kind`, then checked with the
// rules the Define network dialog shows (checkNetworkSpec).
import type { ApiMethods } from '../api';
import { VirtdeskError } from '../errors';
import type { NetworkSpec } from '../model';
import { checkName } from '../names';
import type { NetworkSpecField } from '../networks';
import { checkNetworkSpec } from '../networks';
import type { Schema } from './schema';
import { bool, obj, oneOf, str } from './schema';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

/** An existing network: any name libvirt lists but '/' and a line break virsh cannot be sent. */
const ref = str({
  min: 1,
  max: 1024,
  check: (s) =>
    s.includes('/')
      ? "may not contain '/'"
      : s.includes('\n') || s.includes('\u0000')
        ? 'may not contain line breaks'
        : null,
});
const name = str({ max: 10_000, check: (s) => checkName(s, 'Network name') });
const short = str({ max: 64 });

type SpecOf<K extends NetworkSpec['kind']> = Extract<NetworkSpec, { kind: K }>;

function checked<S extends NetworkSpec>(shape: Schema<S>): Schema<S> {
  return (v, path) => {
    const out = shape(v, path);
    const errors = checkNetworkSpec(out);
    const field = Object.keys(errors)[0] as NetworkSpecField | undefined;
    if (field !== undefined) {
      const where = path ? `${path}.${field}` : field;
      throw new VirtdeskError('INVALID_INPUT', `${where}: ${errors[field]}`, where);
    }
    return out;
  };
}

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
  const netRef = obj<P<'networkStart'>>({ hostId: id, network: ref });
  return {
    networkList: obj<P<'networkList'>>({ hostId: id }),
    networkDefine: obj<P<'networkDefine'>>({ hostId: id, spec: networkSpecSchema }),
    networkStart: netRef,
    networkStop: netRef,
    networkSetAutostart: obj<P<'networkSetAutostart'>>({
      hostId: id,
      network: ref,
      autostart: bool(),
    }),
    networkUndefine: netRef,
    networkGetXml: netRef,
    networkLeases: netRef,
    networkHostBridges: obj<P<'networkHostBridges'>>({ hostId: id }),
  };
}
