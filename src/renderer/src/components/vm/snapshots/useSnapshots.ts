// A VM's snapshots while its Snapshots tab is open: loaded on open and after every reconnect, and
// again whenever main says they changed (snapshots-changed), so other windows' changes show too.
// A reload keeps the old list on screen until the new one arrives.
import { useCallback, useEffect, useState } from 'react';
import type { Snapshot } from '../../../../../shared/model';
import { getApi } from '../../../api';
import { errorMessage } from '../../../lib/errorText';
import { useAppStore } from '../../../store/appStore';
import { splitVmKey } from '../../../store/keys';
import { listSnapshots } from '../../../store/snapshotCommands';

export type SnapshotsLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; list: Snapshot[] };

export function useSnapshots(vmKey: string): { load: SnapshotsLoad; reload(): void } {
  const [load, setLoad] = useState<SnapshotsLoad>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const linkGeneration = useAppStore((s) => s.link.generation);

  useEffect(() => {
    const { hostId, vmId } = splitVmKey(vmKey);
    return getApi().onEvent((e) => {
      if (e.type === 'snapshots-changed' && e.hostId === hostId && e.vmId === vmId) {
        setGeneration((g) => g + 1);
      }
    });
  }, [vmKey]);

  useEffect(() => {
    let current = true;
    listSnapshots(vmKey).then(
      (list) => {
        if (current) setLoad({ status: 'ready', list });
      },
      (e: unknown) => {
        if (!current) return;
        setLoad((prev) =>
          prev.status === 'ready' ? prev : { status: 'error', message: errorMessage(e) },
        );
      },
    );
    return () => {
      current = false;
    };
  }, [vmKey, generation, linkGeneration]);

  const reload = useCallback(() => {
    setLoad((prev) => (prev.status === 'error' ? { status: 'loading' } : prev));
    setGeneration((g) => g + 1);
  }, []);
  return { load, reload };
}
