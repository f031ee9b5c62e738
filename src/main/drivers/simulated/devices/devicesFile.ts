// The simulated host's device state on disk: the VF count (sriov_numvfs) each PF was set to and
// the drivers the user bound (VF networks are the host's networks, networks/). Everything else about devices is derived: the hardware from
// the host's profile, who uses a device from the VMs' definitions, the driver bound from whether
// a VM using it runs.
import type { HostBinding } from '../../../../shared/hostDevices';
import type { Rec } from '../fileShape';
import { count, oneOf, record } from '../fileShape';

export interface SavedDevices {
  /** PF address → VFs enabled; a PF absent here has its profile's count. */
  vfCounts: Record<string, number>;
  /** Devices the user bound (nodedev-detach → 'vfio-pci', nodedev-reattach → 'host'). */
  bindings?: Record<string, HostBinding>;
}

/** The saved device state; undefined when the file has none (a fresh or older file). */
export function loadDevices(o: Rec): SavedDevices | undefined {
  if (o.devices === undefined) return undefined;
  const d = record(o.devices, 'devices');
  const counts = record(d.vfCounts, 'devices.vfCounts');
  const vfCounts: Record<string, number> = {};
  for (const key of Object.keys(counts)) vfCounts[key] = count(counts, key, 'devices.vfCounts', 0);
  const bindings: Record<string, HostBinding> = {};
  if (d.bindings !== undefined) {
    const b = record(d.bindings, 'devices.bindings');
    for (const key of Object.keys(b))
      bindings[key] = oneOf(b, key, 'devices.bindings', ['vfio-pci', 'host'] as const);
  }
  return { vfCounts, bindings };
}
