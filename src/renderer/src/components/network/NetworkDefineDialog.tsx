// Define network: NAT (a subnet and its DHCP range), isolated (the same, or no address at all) or
// a host bridge (one the host has), with a read-only preview of the network XML they make, which
// is exactly what is defined. Checked as you type with the rules main applies.
import { useMemo, useState } from 'react';
import type { Network, NetworkSpec } from '../../../../shared/model';
import type { NetworkSpecField } from '../../../../shared/networks';
import {
  checkNetworkSpec,
  cidrText,
  defineNetworkProblem,
  networkSubnets,
  overlaps,
  parseCidr,
  subnetDefaults,
} from '../../../../shared/networks';
import { networkSpecXml } from '../../../../shared/networkXml';
import { defineNetwork } from '../../store/networkCommands';
import { DefineDialog } from '../common/DefineDialog';
import { FormField } from '../common/FormField';
import { TextField } from '../common/TextField';
import { DEFINE_KINDS } from './words';

type Kind = NetworkSpec['kind'];
type Form = Record<NetworkSpecField, string>;

const KINDS = DEFINE_KINDS.map((k) => ({ value: k.kind, label: k.label }));

/** The first 192.168.N.0/24 (N from 100) no network of the host overlaps. */
function freeSubnet(networks: readonly Network[]): string {
  const taken = networks.flatMap(networkSubnets);
  for (let n = 100; n < 255; n++) {
    const s = parseCidr(`192.168.${n}.0/24`);
    if (s && !taken.some((t) => overlaps(s, t))) return cidrText(s);
  }
  return '';
}

function withDhcp(f: Form): Form {
  const s = parseCidr(f.subnet);
  if (s === null) return f;
  const d = subnetDefaults(s);
  return { ...f, dhcpStart: d.dhcpStart, dhcpEnd: d.dhcpEnd };
}

function specOf(kind: Kind, f: Form): NetworkSpec {
  if (kind === 'bridge') return { kind, name: f.name, bridge: f.bridge };
  return {
    kind,
    name: f.name,
    subnet: f.subnet.trim(),
    dhcpStart: f.dhcpStart.trim(),
    dhcpEnd: f.dhcpEnd.trim(),
    bridge: f.bridge.trim(),
  };
}

interface Props {
  hostId: string;
  networks: readonly Network[];
  bridges: readonly string[];
}

export function NetworkDefineDialog({ hostId, networks, bridges }: Props) {
  const [kind, setKind] = useState<Kind>('nat');
  const [form, setForm] = useState<Form>(() =>
    withDhcp({ name: '', subnet: freeSubnet(networks), dhcpStart: '', dhcpEnd: '', bridge: '' }),
  );
  const [dhcpEdited, setDhcpEdited] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<NetworkSpecField, true>>>({});

  const spec = useMemo(() => specOf(kind, form), [kind, form]);
  const errors = useMemo(() => {
    const e = checkNetworkSpec(spec);
    if (Object.keys(e).length > 0) return e;
    const host = defineNetworkProblem(spec, networks, bridges);
    if (host) {
      const field = (host.path?.replace(/^spec\./, '') ?? 'name') as NetworkSpecField;
      return { [field]: host.message };
    }
    return e;
  }, [spec, networks, bridges]);
  const xml = useMemo(() => networkSpecXml(spec), [spec]);
  const shown = (f: NetworkSpecField) => (touched[f] ? errors[f] : undefined);
  const first = Object.values(errors)[0];
  const change = (f: NetworkSpecField, v: string) => {
    setForm((old) => {
      const next = { ...old, [f]: v };
      return f === 'subnet' && !dhcpEdited ? withDhcp(next) : next;
    });
    if (f === 'dhcpStart' || f === 'dhcpEnd') setDhcpEdited(true);
    setTouched((t) => ({ ...t, [f]: true }));
  };
  const pickKind = (k: Kind) => {
    setKind(k);
    // A bridge network names one of the host's bridges; the others let libvirt pick one.
    setForm((old) => ({ ...old, bridge: k === 'bridge' ? (bridges[0] ?? '') : '' }));
  };

  return (
    <DefineDialog
      id="define-network"
      title="Define network"
      invalid={first ?? null}
      onInvalidSubmit={() =>
        setTouched({ name: true, subnet: true, dhcpStart: true, dhcpEnd: true, bridge: true })
      }
      run={(start) => defineNetwork(hostId, spec, start)}
      kindLabel="Kind"
      kinds={KINDS}
      kind={kind}
      onKind={pickKind}
      name={form.name}
      nameError={shown('name')}
      onName={(v) => change('name', v)}
      startLabel="Start the network now"
      xmlLabel="Network XML"
      xml={xml}
    >
      {kind === 'bridge' ? (
        <FormField
          id="define-network-bridge"
          label="Host bridge"
          error={shown('bridge') ?? (bridges.length === 0 ? errors.bridge : undefined)}
        >
          <select value={form.bridge} onChange={(e) => change('bridge', e.target.value)}>
            {bridges.length === 0 && <option value="">The host has no bridges</option>}
            {bridges.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </FormField>
      ) : (
        <>
          <TextField
            id="define-network-subnet"
            label="Subnet"
            hint={
              kind === 'isolated'
                ? 'IPv4 in CIDR form; leave empty for no address at all'
                : 'IPv4 in CIDR form, e.g. 192.168.100.0/24'
            }
            value={form.subnet}
            error={shown('subnet')}
            onChange={(v) => change('subnet', v)}
          />
          <TextField
            id="define-network-dhcp-start"
            label="DHCP start"
            hint="Leave both empty for no DHCP"
            value={form.dhcpStart}
            error={shown('dhcpStart')}
            onChange={(v) => change('dhcpStart', v)}
          />
          <TextField
            id="define-network-dhcp-end"
            label="DHCP end"
            value={form.dhcpEnd}
            error={shown('dhcpEnd')}
            onChange={(v) => change('dhcpEnd', v)}
          />
          <TextField
            id="define-network-bridge-name"
            label="Bridge name"
            hint="Leave empty: libvirt picks virbrN"
            value={form.bridge}
            error={shown('bridge')}
            onChange={(v) => change('bridge', v)}
          />
        </>
      )}
    </DefineDialog>
  );
}
