// Asks before taking a host device away from a VM (from its definition, and at once from a
// running VM).
import { useAppStore } from '../../../store/appStore';
import { removeHostDevice } from '../../../store/hostDeviceCommands';
import { DialogFrame } from '../../common/DialogFrame';

export function RemoveHostDeviceDialog({ vmKey, address }: { vmKey: string; address: string }) {
  const close = useAppStore((s) => s.closeDialog);
  const vm = useAppStore((s) => s.vms[vmKey]);
  const name = vm?.name ?? 'the VM';
  return (
    <DialogFrame
      id="remove-host-device"
      title={`Remove ${address} from ${name}?`}
      describedBy="remove-host-device-text"
      size="narrow"
      danger
      action="Remove"
      invalid={null}
      run={() => removeHostDevice(vmKey, address)}
      onClose={close}
    >
      <p id="remove-host-device-text">
        {vm && vm.state !== 'shutoff'
          ? `${name} is ${vm.state}: the device is unplugged from the guest now and from its definition.`
          : `${name} no longer gets the device when it starts.`}{' '}
        The device goes back to the host.
      </p>
    </DialogFrame>
  );
}
