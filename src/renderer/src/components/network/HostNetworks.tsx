// The Networks view of a host: its libvirt networks, the DHCP leases of the chosen one, and the
// dialogs that change them. Loads when shown; stays current through networks-changed events, and
// reloads when the host's VMs change (who uses each network).
import { useState } from 'react';
import type { Host } from '../../../../shared/model';
import { useAppStore } from '../../store/appStore';
import { hostNetworks } from '../../store/networkCommands';
import { HostView } from '../common/HostView';
import { ReasonButton } from '../common/ReasonButton';
import { LeaseTable } from './LeaseTable';
import { NetworkTable } from './NetworkTable';
import '../storage/storage.css';
import { useHostBlocked } from '../common/useHostBlocked';

/** A string that changes whenever a VM of the host changes state or NICs. */
function useNicsSignature(hostId: string): string {
  return useAppStore((s) =>
    (s.vmOrder[hostId] ?? [])
      .map((k) => {
        const vm = s.vms[k];
        return vm ? `${vm.id}:${vm.state}:${vm.nics.map((n) => n.source).join(',')}` : '';
      })
      .join(';'),
  );
}

export function HostNetworks({ host }: { host: Host }) {
  const openDialog = useAppStore((s) => s.openDialog);
  const connected = host.connection === 'connected';
  const [chosen, setChosen] = useState<string | null>(null);
  const signature = useNicsSignature(host.id);
  const { load, value: networks, reload } = hostNetworks.use(connected ? host.id : null, signature);
  const busy = hostNetworks.useBusy(host.id);
  const error = load.status === 'error' ? load.message : undefined;

  const blocked = useHostBlocked(host);
  const selected =
    networks?.find((n) => n.name === chosen) ??
    networks?.find((n) => n.name === 'default') ??
    networks?.[0];

  return (
    <HostView
      host={host}
      unavailable="Networks are"
      className="storage-view"
      toolbar={{
        label: 'Network actions',
        children: (
          <ReasonButton
            className="btn"
            why={
              blocked ?? (error !== undefined ? 'Networks are not available on this host' : null)
            }
            onClick={() => openDialog({ kind: 'define-network', hostId: host.id })}
          >
            Define network
          </ReasonButton>
        ),
      }}
      error={error}
      onRetry={reload}
      value={networks}
      loading="Loading networks…"
      empty={(list) =>
        list.length === 0
          ? `${host.name} has no virtual networks. Define one for VMs to join.`
          : null
      }
    >
      {(list) => (
        <>
          <NetworkTable
            hostId={host.id}
            networks={list}
            selected={selected?.name ?? null}
            onSelect={setChosen}
            blocked={blocked ?? (busy ? 'Working…' : null)}
          />
          {selected && <LeaseTable key={selected.name} hostId={host.id} network={selected} />}
        </>
      )}
    </HostView>
  );
}
