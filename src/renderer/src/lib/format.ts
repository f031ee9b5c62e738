// Words and units for what the model holds in raw numbers and libvirt state names.
import type { HostConnectionState, PciDevice, Vm, VmState } from '../../../shared/model';

const STATE_WORDS: Record<VmState, string> = {
  running: 'Running',
  blocked: 'Blocked',
  paused: 'Paused',
  shutdown: 'Shutting down',
  shutoff: 'Shut off',
  crashed: 'Crashed',
  pmsuspended: 'Suspended',
};

export function stateWord(state: VmState): string {
  return STATE_WORDS[state];
}

/** The VM's state as the user reads it: "Running · booting" while the guest is still booting. */
export function vmStateLabel(vm: Pick<Vm, 'state' | 'guest'>): string {
  const word = stateWord(vm.state);
  return vm.state === 'running' && vm.guest === 'booting' ? `${word} · booting` : word;
}

export function connectionWord(state: HostConnectionState): string {
  return state === 'connected'
    ? 'Connected'
    : state === 'connecting'
      ? 'Connecting…'
      : 'Disconnected';
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 2147483648 → "2 GiB", 1610612736 → "1.5 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1);
  return `${String(rounded).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

export function formatKiB(kib: number): string {
  return formatBytes(kib * 1024);
}

/** [0,1,2,3,8,9] → "0-3, 8-9". */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...cpus].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(start === end ? `${start}` : `${start}-${end}`);
    i++;
  }
  return parts.join(', ');
}

export function sriovText(dev: PciDevice): string {
  if (!dev.sriov) return '—';
  if (dev.sriov.role === 'pf') return `PF · ${dev.sriov.vfs.length} of ${dev.sriov.maxVfs} VFs`;
  return `VF of ${dev.sriov.pf}`;
}

/** A stable DOM id fragment from keys that may hold characters ids should not. */
export function domId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
}
