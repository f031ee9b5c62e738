// The NICs section's form: per NIC its model, virtio multiqueue (queue pairs), and its source: a
// libvirt network, a host bridge, macvtap on a host interface (with its mode), or an SR-IOV VF
// handed over as a hostdev interface (no model then).
import type {
  HardwareHostFacts,
  MacvtapMode,
  NicSettings,
  NicSource,
} from '../../../../shared/hardware';
import { MAX_NIC_QUEUES } from '../../../../shared/validation/hardware';
import type { FormRead } from './formRead';
import { changed, formRead, readCount } from './formRead';

export type SourceType = NicSource['type'];

export interface NicForm {
  mac: string;
  model: string;
  /** '' = one queue pair. */
  queues: string;
  type: SourceType;
  /** The choice per source type, kept while another type is picked. */
  network: string;
  bridge: string;
  dev: string;
  mode: MacvtapMode;
  address: string;
}

/** `${mac}` for an error about one NIC. */
export type NicsField = string;

export const NIC_MODELS: readonly string[] = ['virtio', 'e1000e', 'e1000', 'rtl8139'];
export const SOURCE_TYPES: readonly { type: SourceType; label: string }[] = [
  { type: 'network', label: 'Network' },
  { type: 'bridge', label: 'Bridge' },
  { type: 'direct', label: 'Macvtap' },
  { type: 'hostdev', label: 'Host VF' },
];
export const MACVTAP_MODES: readonly MacvtapMode[] = ['bridge', 'vepa', 'private', 'passthrough'];

export function toNicForm(n: NicSettings, host: HardwareHostFacts): NicForm {
  const s = n.source;
  return {
    mac: n.mac,
    model: n.model,
    queues: n.queues === null ? '' : String(n.queues),
    type: s.type,
    network: s.type === 'network' ? s.network : (host.networks[0] ?? ''),
    bridge: s.type === 'bridge' ? s.bridge : (host.bridges[0] ?? ''),
    dev: s.type === 'direct' ? s.dev : (host.interfaces[0] ?? ''),
    mode: s.type === 'direct' ? s.mode : 'bridge',
    address: s.type === 'hostdev' ? s.address : (host.vfs[0]?.address ?? ''),
  };
}

/** The NIC's model as the form offers it: a hostdev NIC has none; another gets virtio when it
 * had none. */
export function modelFor(f: Pick<NicForm, 'model' | 'type'>): string {
  if (f.type === 'hostdev') return '';
  return f.model === '' ? 'virtio' : f.model;
}

const SOURCE_MISSING: Record<SourceType, string> = {
  network: 'Pick a network.',
  bridge: 'Pick a bridge.',
  direct: 'Pick a host interface.',
  hostdev: 'Pick a VF.',
};

/** The source the form names for each type; null while nothing is picked. */
const SOURCE_OF: Record<SourceType, (f: NicForm) => NicSource | null> = {
  network: (f) => (f.network ? { type: 'network', network: f.network } : null),
  bridge: (f) => (f.bridge ? { type: 'bridge', bridge: f.bridge } : null),
  direct: (f) => (f.dev ? { type: 'direct', dev: f.dev, mode: f.mode } : null),
  hostdev: (f) => (f.address ? { type: 'hostdev', address: f.address } : null),
};

export function readNicsForm(forms: NicForm[]): FormRead<NicSettings[], NicsField> {
  const errors: Partial<Record<NicsField, string>> = {};
  const nics = forms.map((f): NicSettings => {
    const model = modelFor(f);
    let queues: number | null = null;
    if (model === 'virtio' && f.queues.trim() !== '') {
      const q = readCount(f.queues, `Queues of ${f.mac}`, 1, MAX_NIC_QUEUES);
      if ('error' in q) errors[`${f.mac} queues`] = q.error;
      else queues = q.value;
    }
    const source = SOURCE_OF[f.type](f);
    if (source === null) errors[f.mac] = SOURCE_MISSING[f.type];
    return { mac: f.mac, model, queues, source: source ?? { type: 'network', network: '' } };
  });
  return formRead(errors, () => nics);
}

export function sourceText(s: NicSource): string {
  if (s.type === 'network') return `network ${s.network}`;
  if (s.type === 'bridge') return `bridge ${s.bridge}`;
  if (s.type === 'direct') return `macvtap on ${s.dev} (${s.mode})`;
  return `VF ${s.address}`;
}

const queuesText = (q: number | null): string => (q === null ? 'one pair' : String(q));

export function nicsChanges(before: NicSettings[], after: NicSettings[]): string[] {
  return after.flatMap((n) => {
    const old = before.find((b) => b.mac === n.mac);
    if (!old) return [];
    return [
      ...changed(`${n.mac} model`, old.model || 'none', n.model || 'none'),
      ...changed(`${n.mac} queues`, queuesText(old.queues), queuesText(n.queues)),
      ...changed(`${n.mac} source`, sourceText(old.source), sourceText(n.source)),
    ];
  });
}
