// The CPUs section's form: current and maximum vCPUs, the CPU mode and model, and the topology,
// whose sockets × cores × threads must make the maximum (checked as the user types).
import type { CpuMode, CpuSettings } from '../../../../shared/hardware';
import type { FormRead } from './formRead';
import { changed, formRead, readCount } from './formRead';

export interface CpuForm {
  vcpus: string;
  maxVcpus: string;
  mode: CpuMode;
  /** The custom model; kept while another mode is picked, so switching back restores it. */
  model: string;
  /** Whether the topology is set (else libvirt picks one). */
  topology: boolean;
  sockets: string;
  cores: string;
  threads: string;
}

export type CpuField = keyof CpuForm;

export const CPU_MODES: readonly { mode: CpuMode; label: string }[] = [
  { mode: 'host-passthrough', label: 'Host passthrough' },
  { mode: 'host-model', label: 'Host model' },
  { mode: 'custom', label: 'Custom model' },
];

/** The most threads per core any host offers (the schema's bound). */
const MAX_THREADS = 8;

export function toCpuForm(s: CpuSettings): CpuForm {
  const t = s.topology;
  return {
    vcpus: String(s.vcpus),
    maxVcpus: String(s.maxVcpus),
    mode: s.mode,
    model: s.model ?? '',
    topology: t !== null,
    sockets: String(t?.sockets ?? 1),
    cores: String(t?.cores ?? s.maxVcpus),
    threads: String(t?.threads ?? 1),
  };
}

/** Reads the form; `hostMax` is the most vCPUs the hypervisor gives one VM. */
export function readCpuForm(f: CpuForm, hostMax: number): FormRead<CpuSettings, CpuField> {
  const errors: Partial<Record<CpuField, string>> = {};
  const max = readCount(f.maxVcpus, 'Maximum vCPUs', 1, hostMax);
  if ('error' in max) errors.maxVcpus = max.error;
  const limit = 'value' in max ? max.value : hostMax;
  const cur = readCount(f.vcpus, 'Current vCPUs', 1, hostMax);
  if ('error' in cur) errors.vcpus = cur.error;
  else if (cur.value > limit)
    errors.vcpus = `Current vCPUs (${cur.value}) cannot exceed the maximum (${limit}).`;
  if (f.mode === 'custom' && f.model === '') errors.model = 'Pick the CPU model.';
  let topology: CpuSettings['topology'] = null;
  if (f.topology) {
    const sockets = readCount(f.sockets, 'Sockets', 1, hostMax);
    const cores = readCount(f.cores, 'Cores', 1, hostMax);
    const threads = readCount(f.threads, 'Threads', 1, MAX_THREADS);
    if ('error' in sockets) errors.sockets = sockets.error;
    if ('error' in cores) errors.cores = cores.error;
    if ('error' in threads) errors.threads = threads.error;
    if ('value' in sockets && 'value' in cores && 'value' in threads) {
      topology = { sockets: sockets.value, cores: cores.value, threads: threads.value };
      const product = sockets.value * cores.value * threads.value;
      if ('value' in max && product !== max.value)
        errors.topology = `${sockets.value} sockets × ${cores.value} cores × ${threads.value} threads make ${product} vCPUs, not the maximum ${max.value}.`;
    }
  }
  return formRead(errors, () => ({
    vcpus: 'value' in cur ? cur.value : 0,
    maxVcpus: limit,
    mode: f.mode,
    model: f.mode === 'custom' ? f.model : null,
    topology,
  }));
}

function modeText(s: CpuSettings): string {
  const label = CPU_MODES.find((m) => m.mode === s.mode)?.label ?? s.mode;
  return s.mode === 'custom' && s.model ? `${label} (${s.model})` : label;
}

function topologyText(t: CpuSettings['topology']): string {
  return t ? `${t.sockets} × ${t.cores} × ${t.threads}` : 'chosen by libvirt';
}

/** What the form changes, one line per setting. */
export function cpuChanges(before: CpuSettings, after: CpuSettings): string[] {
  return [
    ...changed('Current vCPUs', String(before.vcpus), String(after.vcpus)),
    ...changed('Maximum vCPUs', String(before.maxVcpus), String(after.maxVcpus)),
    ...changed('Mode', modeText(before), modeText(after)),
    ...changed('Topology', topologyText(before.topology), topologyText(after.topology)),
  ];
}
