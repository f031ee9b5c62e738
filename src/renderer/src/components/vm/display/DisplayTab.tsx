// The Display tab of a VM: its screen over VNC, or a line saying why there is none — the VM is
// not running, it has no display device (with "Add display device"), or it has SPICE graphics
// (with "Switch to VNC"). Which it is comes from the definition the VM runs on.
import type { DisplayKind } from '../../../../../shared/display';
import { displayOf } from '../../../../../shared/displayXml';
import type { Host, Vm } from '../../../../../shared/model';
import { useAppStore } from '../../../store/appStore';
import { vmXml } from '../../../store/xmlCommands';
import { StartVmButton, hasConsole } from '../console/ConsoleTab';
import { DisplayScreen } from './DisplayScreen';
import './display.css';

interface Props {
  vmKey: string;
  vm: Vm;
  host: Host | undefined;
  standalone?: boolean;
}

function kindOf(xml: string | null | undefined): DisplayKind['kind'] | null {
  if (!xml) return null;
  try {
    return displayOf(xml).kind;
  } catch {
    return null;
  }
}

export function DisplayTab({ vmKey, vm, host, standalone = false }: Props) {
  const { load, value } = vmXml.use(vmKey, vm);
  const openDialog = useAppStore((s) => s.openDialog);
  const active = hasConsole(vm.state);
  const now = kindOf(active ? (value?.liveXml ?? value?.xml) : value?.xml);
  const next = kindOf(value?.xml);
  const statusId = `vm-${vm.hostId}-${vm.id}-display-status`;

  if (active && now === 'vnc')
    return <DisplayScreen vmKey={vmKey} vm={vm} standalone={standalone} />;

  const line = (text: string) => (
    <p className="display-state" role="status" id={statusId}>
      {text}
    </p>
  );
  const offer = (spice: boolean) => (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => openDialog({ kind: 'display-add', key: vmKey, spice })}
    >
      {spice ? 'Switch to VNC' : 'Add display device'}
    </button>
  );

  let body;
  if (load.status === 'error') body = line(`Could not read the VM's definition: ${load.message}`);
  else if (now === null) body = line('Connecting…');
  else if (!active) {
    body = (
      <>
        {line(
          next === 'vnc'
            ? 'VM not running — start it to see its screen.'
            : next === 'spice'
              ? 'VM not running. It has SPICE graphics: virtdesk shows VNC displays.'
              : 'VM not running. It has no display device.',
        )}
        <div className="display-actions">
          <StartVmButton vmKey={vmKey} vm={vm} host={host} />
          {next !== 'vnc' && offer(next === 'spice')}
        </div>
      </>
    );
  } else if (next === 'vnc') {
    body = line('A display device was added: it appears when the VM next boots.');
  } else {
    body = (
      <>
        {line(
          now === 'spice'
            ? 'This VM has SPICE graphics: virtdesk shows VNC displays.'
            : 'No display device.',
        )}
        <div className="display-actions">{offer(now === 'spice')}</div>
      </>
    );
  }
  return (
    <section className="card display-off" aria-label="Display">
      {body}
    </section>
  );
}
