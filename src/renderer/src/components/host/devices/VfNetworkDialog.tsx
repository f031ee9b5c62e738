// Create VF network: a libvirt network over a PF whose VFs VMs take on demand, by network name
// (<forward mode='hostdev' managed='yes'><pf dev='…'/></forward>), shown before it is defined.
import { useState } from 'react';
import { checkName } from '../../../../../shared/names';
import { useAppStore } from '../../../store/appStore';
import { createVfNetwork, hostDevices } from '../../../store/hostDeviceCommands';
import { DialogFrame } from '../../common/DialogFrame';
import { TextField } from '../../common/TextField';

export function VfNetworkDialog({ hostId, address }: { hostId: string; address: string }) {
  const close = useAppStore((s) => s.closeDialog);
  const inv = hostDevices.useLoaded(hostId);
  const pf = inv?.devices.find((d) => d.address === address);
  const dev = pf?.netdev ?? '…';
  const [name, setName] = useState(`vf-${pf?.netdev ?? 'pool'}`);
  const problem = checkName(name, 'Network name');
  return (
    <DialogFrame
      id="vf-network"
      title={`Create VF network on ${address}`}
      action="Create"
      invalid={problem}
      onClose={close}
      run={() => createVfNetwork(hostId, address, name)}
    >
      <TextField
        id="vf-network-name"
        label="Network name"
        value={name}
        error={name === '' ? undefined : (problem ?? undefined)}
        autoFocus
        onChange={setName}
      />
      <p className="muted">VMs joining this network each take a free VF of {dev}.</p>
      <pre className="mono" aria-label="Network XML">
        {`<network>\n  <name>${name}</name>\n  <forward mode='hostdev' managed='yes'>\n    <pf dev='${dev}'/>\n  </forward>\n</network>`}
      </pre>
    </DialogFrame>
  );
}
