// What the Networks view asks of main. A host's networks, a network's DHCP leases and the host's
// own bridges are resources, shown while a view of them is: they reload on networks-changed events
// for their host (and the networks when the host's VMs change: who uses each). Network buttons
// dispatch through NETWORK_ACTIONS, mark the host's networks busy (so a double click sends once)
// and report failures as dismissible errors; dialogs throw for DialogFrame to show.
import type { NetworkRef } from '../../../shared/api';
import type { Network, NetworkLease, NetworkSpec } from '../../../shared/model';
import { getApi } from '../api';
import { errorCode, errorMessage } from '../lib/errorText';
import { useAppStore } from './appStore';
import { defineResource } from './resources';

/** A key for one network of a host: hostId and network name. */
export function networkKey(hostId: string, network: string): string {
  return `${hostId}\n${network}`;
}

export function splitNetworkKey(key: string): NetworkRef {
  const at = key.indexOf('\n');
  return { hostId: key.slice(0, at), network: key.slice(at + 1) };
}

/** A host's networks, by host id, while its Networks view shows them. */
export const hostNetworks = defineResource<Network[]>(
  'networks',
  (hostId) => getApi().networkList({ hostId }),
  (e, hostId) => e.type === 'networks-changed' && e.hostId === hostId,
);

/** The DHCP leases of one network, by networkKey. */
export const networkLeases = defineResource<NetworkLease[]>(
  'network-leases',
  (key) => getApi().networkLeases(splitNetworkKey(key)),
  (e, key) =>
    (e.type === 'networks-changed' && e.hostId === splitNetworkKey(key).hostId) ||
    (e.type === 'vm-changed' && e.vm.hostId === splitNetworkKey(key).hostId),
);

/** The host's own bridges a bridge network can join, by host id (the Define network dialog). */
export const hostBridges = defineResource<string[]>(
  'host-bridges',
  (hostId) => getApi().networkHostBridges({ hostId }),
  (e, hostId) => e.type === 'networks-changed' && e.hostId === hostId,
);

/** Each network button: its label in a failure message and the api call it makes. */
const NETWORK_ACTIONS = {
  start: { label: 'Start', call: (ref: NetworkRef) => getApi().networkStart(ref) },
  stop: { label: 'Stop', call: (ref: NetworkRef) => getApi().networkStop(ref) },
  'autostart-on': {
    label: 'Turn on autostart for',
    call: (ref: NetworkRef) => getApi().networkSetAutostart({ ...ref, autostart: true }),
  },
  'autostart-off': {
    label: 'Turn off autostart for',
    call: (ref: NetworkRef) => getApi().networkSetAutostart({ ...ref, autostart: false }),
  },
} satisfies Record<string, { label: string; call(ref: NetworkRef): Promise<Network> }>;

export type NetworkAction = keyof typeof NETWORK_ACTIONS;

function showResult(hostId: string, result: Network): void {
  hostNetworks.update(hostId, (list) => list.map((n) => (n.name === result.name ? result : n)));
  void hostNetworks.reload(hostId);
  void networkLeases.reload((key) => splitNetworkKey(key).hostId === hostId);
}

/** A button's action: failures become a dismissible error naming the network. */
export async function runNetworkAction(hostId: string, network: string, action: NetworkAction) {
  try {
    const result = await hostNetworks.track(
      hostId,
      NETWORK_ACTIONS[action].call({ hostId, network }),
    );
    showResult(hostId, result);
  } catch (e) {
    useAppStore.getState().pushError({
      code: errorCode(e),
      message: `${NETWORK_ACTIONS[action].label} ${network} failed: ${errorMessage(e)}`,
    });
  }
}

/** The Stop question's action: throws for the dialog to show. */
export async function stopNetwork(hostId: string, network: string): Promise<void> {
  showResult(hostId, await hostNetworks.track(hostId, getApi().networkStop({ hostId, network })));
}

/** The Undefine question's action: throws for the dialog to show. */
export async function undefineNetwork(hostId: string, network: string): Promise<void> {
  await hostNetworks.track(hostId, getApi().networkUndefine({ hostId, network }));
  hostNetworks.update(hostId, (list) => list.filter((n) => n.name !== network));
  void hostNetworks.reload(hostId);
}

/** Defines a network and, when asked, starts it; throws for the dialog to show. */
export async function defineNetwork(
  hostId: string,
  spec: NetworkSpec,
  start: boolean,
): Promise<void> {
  const api = getApi();
  await api.networkDefine({ hostId, spec });
  await hostNetworks.reload(hostId);
  if (start) {
    try {
      showResult(hostId, await api.networkStart({ hostId, network: spec.name }));
    } catch (e) {
      useAppStore.getState().pushError({
        code: errorCode(e),
        message: `Network ${spec.name} was defined but did not start: ${errorMessage(e)}`,
      });
    }
  }
}
