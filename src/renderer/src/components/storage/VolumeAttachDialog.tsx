// Attach to VM: the volume becomes the VM's next disk, as virtio-blk (vdX) or on a virtio-scsi
// controller (sdX, the controller added when missing). A running VM gets it at once (hot-plug)
// and in its definition; a shut-off one in its definition.
import { useMemo, useState } from 'react';
import type { AttachBus, Pool, Volume, Vm } from '../../../../shared/model';
import { stateWord } from '../../lib/format';
import { useAppStore } from '../../store/appStore';
import { attachVolume } from '../../store/storageCommands';
import { FormField } from '../common/FormField';
import { DialogFrame } from '../common/DialogFrame';

interface Props {
  hostId: string;
  pool: Pool;
  volume: Volume;
}

export function VolumeAttachDialog({ hostId, pool, volume }: Props) {
  const close = useAppStore((s) => s.closeDialog);
  const order = useAppStore((s) => s.vmOrder[hostId]);
  const all = useAppStore((s) => s.vms);
  const vms = useMemo(
    () => (order ?? []).map((k) => all[k]).filter((v): v is Vm => v !== undefined),
    [order, all],
  );
  const [vmId, setVmId] = useState('');
  const [bus, setBus] = useState<AttachBus>('virtio');
  const vm = vms.find((v) => v.id === vmId);
  const invalid = vm === undefined ? 'Choose a VM' : null;

  return (
    <DialogFrame
      onClose={close}
      id="attach-volume"
      title={`Attach ${volume.name} to a VM`}
      action="Attach"
      invalid={invalid}
      run={async () => {
        await attachVolume(hostId, pool.name, volume.name, vmId, bus);
      }}
    >
      <div className="form-grid">
        <FormField id="attach-volume-vm" label="VM">
          <select value={vmId} data-autofocus onChange={(e) => setVmId(e.target.value)}>
            <option value="" disabled>
              Choose a VM…
            </option>
            {vms.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name} ({stateWord(v.state).toLowerCase()})
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="attach-volume-bus" label="Bus">
          <select value={bus} onChange={(e) => setBus(e.target.value as AttachBus)}>
            <option value="virtio">virtio-blk (vdX)</option>
            <option value="scsi">virtio-scsi (sdX)</option>
          </select>
        </FormField>
      </div>
      {vm && (
        <p className="field-hint attach-note">
          {vm.state === 'shutoff'
            ? `${vm.name} gets the disk the next time it starts.`
            : `${vm.name} is ${stateWord(vm.state).toLowerCase()}: the disk is hot-plugged now and kept in its definition.`}
        </p>
      )}
    </DialogFrame>
  );
}
