// The Storage view of a host: its pools, the volumes of the chosen one, and the dialogs that
// change them. Loads when shown; stays current through storage-changed events and reloads when
// the host's VMs gain or lose disks.
import type { Host } from '../../../../shared/model';
import { useAppStore } from '../../store/appStore';
import { hostPools } from '../../store/storageCommands';
import { useStorageStore } from '../../store/storageStore';
import { HostView } from '../common/HostView';
import { ReasonButton } from '../common/ReasonButton';
import { PoolTable } from './PoolTable';
import { VolumeTable } from './VolumeTable';
import './storage.css';
import { useHostBlocked } from '../common/useHostBlocked';

/** A string that changes whenever a disk of one of the host's VMs comes, goes or is resized. */
export function useDisksSignature(hostId: string): string {
  return useAppStore((s) =>
    (s.vmOrder[hostId] ?? [])
      .map((k) => {
        const vm = s.vms[k];
        return vm
          ? `${vm.id}:${vm.disks.map((d) => `${d.source}@${d.capacityBytes}`).join(',')}`
          : '';
      })
      .join(';'),
  );
}

export function HostStorage({ host }: { host: Host }) {
  const chosen = useStorageStore((s) => s.selectedPool[host.id]);
  const openDialog = useAppStore((s) => s.openDialog);
  const connected = host.connection === 'connected';
  const disksSignature = useDisksSignature(host.id);
  const { load, value: pools, reload } = hostPools.use(connected ? host.id : null, disksSignature);
  const error = load.status === 'error' ? load.message : undefined;

  const blocked = useHostBlocked(host);
  const selected =
    pools?.find((p) => p.name === chosen) ?? pools?.find((p) => p.name === 'default') ?? pools?.[0];

  return (
    <HostView
      host={host}
      unavailable="Storage is"
      className="storage-view"
      toolbar={{
        label: 'Storage actions',
        children: (
          <ReasonButton
            className="btn"
            why={blocked ?? (error !== undefined ? 'Storage is not available on this host' : null)}
            onClick={() => openDialog({ kind: 'define-pool', hostId: host.id })}
          >
            Define pool
          </ReasonButton>
        ),
      }}
      error={error}
      onRetry={reload}
      value={pools}
      loading="Loading storage pools…"
      empty={(list) =>
        list.length === 0 ? `${host.name} has no storage pools. Define one to hold VM disks.` : null
      }
    >
      {(list) => (
        <>
          <PoolTable
            hostId={host.id}
            pools={list}
            selected={selected?.name ?? null}
            blocked={blocked}
          />
          {selected && (
            <VolumeTable
              key={selected.name}
              hostId={host.id}
              pool={selected}
              blocked={blocked}
              disksSignature={disksSignature}
            />
          )}
        </>
      )}
    </HostView>
  );
}
