// Stop and Undefine ask first, naming what uses the network: the running VMs whose links go down
// when it stops, and every VM that cannot start on it once it is gone.
import type { Network } from '../../../../shared/model';
import { runningUsersText } from '../../../../shared/networks';
import { useAppStore } from '../../store/appStore';
import { stopNetwork, undefineNetwork } from '../../store/networkCommands';
import { DialogFrame } from '../common/DialogFrame';

interface Props {
  hostId: string;
  network: Network;
}

export function NetworkStopDialog({ hostId, network }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const users = runningUsersText(network);
  return (
    <DialogFrame
      onClose={close}
      id="network-stop"
      title={`Stop network ${network.name}?`}
      action="Stop"
      danger
      invalid={null}
      describedBy="network-stop-users"
      run={() => stopNetwork(hostId, network.name)}
    >
      <p id="network-stop-users">
        {users
          ? `${users}: ${users.startsWith('VMs') ? 'their links go' : 'its link goes'} down until the network is started again.`
          : `No running VM has a NIC on ${network.name}.`}
      </p>
    </DialogFrame>
  );
}

export function NetworkUndefineDialog({ hostId, network }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const names = network.usedBy.map((u) => u.vmName);
  return (
    <DialogFrame
      onClose={close}
      id="network-undefine"
      title={`Undefine network ${network.name}?`}
      action="Undefine"
      danger
      invalid={network.active ? `${network.name} is active: stop it first.` : null}
      describedBy="network-undefine-users"
      run={() => undefineNetwork(hostId, network.name)}
    >
      <p id="network-undefine-users">
        {names.length > 0
          ? `${names.length === 1 ? 'VM' : 'VMs'} ${names.join(', ')} ${names.length === 1 ? 'has a NIC' : 'have NICs'} on ${network.name}: ${names.length === 1 ? 'it' : 'they'} cannot start until the NIC is moved or the network is defined again.`
          : `No VM has a NIC on ${network.name}. Its definition is removed for good.`}
      </p>
    </DialogFrame>
  );
}
