// What the Tuning view asks of main. A host's tuning figures are a resource, shown while the view
// is: the view reloads them every stats interval (pCPU usage is a rate between two samples) and on
// host-changed (a pool resized). A pool resize is a dialog's command; what the kernel really
// allocated stays on show in the view until the next resize (resizeOutcome).
import { create } from 'zustand';
import type { HostTuning, HugepageResize } from '../../../shared/model';
import { getApi } from '../api';
import { defineResource } from './resources';

export const hostTuning = defineResource<HostTuning>(
  'tuning',
  (hostId) => getApi().tuningGet({ hostId }),
  (e, hostId) => e.type === 'host-changed' && e.host.id === hostId,
);

/** The last pool resize per host: what was asked, what the kernel allocated, and why not more. */
export const useResizeOutcome = create<Record<string, HugepageResize>>()(() => ({}));

/** Writes the node's nr_hugepages for the size; throws for the dialog to show. */
export async function resizeHugepages(
  hostId: string,
  node: number,
  sizeKiB: number,
  count: number,
): Promise<void> {
  const result = await hostTuning.track(
    hostId,
    getApi().tuningSetHugepages({ hostId, node, sizeKiB, count }),
  );
  useResizeOutcome.setState({ [hostId]: result });
  await hostTuning.reload(hostId);
}
