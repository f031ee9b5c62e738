// The Hardware tab: the VM's hardware as main reports it (hardwareGet, a per-VM resource kept
// current while shown), one titled section per kind (HARDWARE_SECTIONS), each editing its own
// settings and opening the review of its change; then the host PCI devices the VM is given.
import type { HardwareChange } from '../../../../../shared/hardware';
import type { Host, Vm } from '../../../../../shared/model';
import { domId } from '../../../lib/format';
import { useAppStore } from '../../../store/appStore';
import { vmHardware } from '../../../store/hardwareCommands';
import { VmHostDevices } from '../hostDevices/VmHostDevices';
import { HARDWARE_SECTIONS } from './hardwareSections';
import './hardware.css';

export function HardwareTab({
  vmKey,
  vm,
  host,
}: {
  vmKey: string;
  vm: Vm;
  host: Host | undefined;
}) {
  const { load, reload } = vmHardware.use(vmKey);
  const busy = vmHardware.useBusy(vmKey);
  const openDialog = useAppStore((s) => s.openDialog);
  const review = (change: HardwareChange): void =>
    openDialog({ kind: 'hardware-review', key: vmKey, change });

  if (load.status === 'loading') {
    return (
      <p className="muted" role="status">
        <span className="spinner" aria-hidden="true" /> Loading hardware…
      </p>
    );
  }
  if (load.status === 'error') {
    return (
      <div className="inline-error" role="alert">
        Could not read the hardware of {vm.name}: {load.message}{' '}
        <button type="button" className="btn btn-small" onClick={reload}>
          Retry
        </button>
      </div>
    );
  }

  const idBase = `vm-${vm.hostId}-${vm.name}`;
  return (
    <div className="hardware" aria-busy={busy || undefined}>
      {HARDWARE_SECTIONS.map(({ id, title, Section }) => {
        const headingId = domId('hw', vmKey, id, 'heading');
        return (
          <section key={id} className="card hw-section" aria-labelledby={headingId}>
            <h3 id={headingId}>{title}</h3>
            <Section vm={vm} vmKey={vmKey} view={load.value} review={review} />
          </section>
        );
      })}
      {host?.capabilities.hostDevices && <VmHostDevices vm={vm} host={host} idBase={idBase} />}
    </div>
  );
}
