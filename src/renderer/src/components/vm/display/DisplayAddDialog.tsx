// Asks before writing a VNC display into a VM's definition (replacing SPICE graphics, when it has
// them): it changes the VM, and a running one gets it only at its next boot.
import { useAppStore } from '../../../store/appStore';
import { addVncDisplay } from '../../../store/displayCommands';
import { DialogFrame } from '../../common/DialogFrame';

export function DisplayAddDialog({ vmKey, spice }: { vmKey: string; spice: boolean }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const close = useAppStore((s) => s.closeDialog);
  if (!vm) return null;
  const running = vm.state !== 'shutoff' && vm.state !== 'crashed';
  const action = spice ? 'Switch to VNC' : 'Add display device';
  return (
    <DialogFrame
      id="display-add"
      title={spice ? `Switch ${vm.name} to VNC?` : `Add a display device to ${vm.name}?`}
      describedBy="display-add-text"
      size="narrow"
      focusAction
      action={action}
      invalid={null}
      run={() => addVncDisplay(vmKey)}
      onClose={close}
    >
      <p id="display-add-text">
        {spice
          ? 'Its SPICE graphics (and the devices only SPICE serves) give way to a VNC display on the host’s loopback address.'
          : 'A VNC display on the host’s loopback address and a VGA video device are added to its definition.'}{' '}
        {running
          ? `${vm.name} is running: this applies the next time it boots.`
          : 'It shows the next time the VM starts.'}
      </p>
    </DialogFrame>
  );
}
