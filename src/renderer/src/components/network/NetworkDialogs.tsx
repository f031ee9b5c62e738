// Renders a network dialog with the networks (and host bridges) as the Networks view has them. A
// dialog whose network has gone (undefined elsewhere) is not shown.
import type { DialogOf } from '../../store/dialogs';
import { hostBridges, hostNetworks } from '../../store/networkCommands';
import { NetworkDefineDialog } from './NetworkDefineDialog';
import { NetworkStopDialog, NetworkUndefineDialog } from './NetworkQuestionDialogs';

type NetworkDialogKind = 'define-network' | 'network-stop' | 'network-undefine';

export function NetworkDialog({ dialog }: { dialog: DialogOf<NetworkDialogKind> }) {
  const { hostId } = dialog;
  const networks = hostNetworks.useLoaded(hostId);
  // The dialog is the only view of the host's bridges: it loads them while open.
  const bridges = hostBridges.use(dialog.kind === 'define-network' ? hostId : null).value;
  if (networks === undefined) return null;
  if (dialog.kind === 'define-network')
    return bridges === undefined ? null : (
      <NetworkDefineDialog hostId={hostId} networks={networks} bridges={bridges} />
    );
  const network = networks.find((n) => n.name === dialog.network);
  if (!network) return null;
  return dialog.kind === 'network-stop' ? (
    <NetworkStopDialog hostId={hostId} network={network} />
  ) : (
    <NetworkUndefineDialog hostId={hostId} network={network} />
  );
}
