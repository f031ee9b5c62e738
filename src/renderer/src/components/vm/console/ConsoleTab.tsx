// The Console tab of a VM: its serial console, or, while the VM is off and this window has shown
// no console for it, a note saying so with a way to start it. A console that was showing when the
// VM stopped stays, with its last output and the line saying why it closed.
import type { VmAction } from '../../../../../shared/lifecycle';
import type { Host, Vm, VmState } from '../../../../../shared/model';
import { whyDisabled } from '../../../lib/vmActions';
import { existingConsoleSession } from '../../../console/consoleSessions';
import { useAppStore } from '../../../store/appStore';
import { runVmAction } from '../../../store/commands';
import { ConsoleView } from './ConsoleView';
import './console.css';
import { LINK_LOST } from '../../../api/consoleConnection';

/** States in which libvirt has a console to attach to. */
export function hasConsole(state: VmState): boolean {
  return state !== 'shutoff' && state !== 'crashed';
}

interface Props {
  vmKey: string;
  vm: Vm;
  host: Host | undefined;
  /** Shown alone in its own window (no "Open in new window" there). */
  standalone?: boolean;
}

export function ConsoleTab({ vmKey, vm, host, standalone = false }: Props) {
  const session = existingConsoleSession(vmKey);
  if (!hasConsole(vm.state) && (!session || session.getStatus().state === 'idle')) {
    return <ConsoleOff vmKey={vmKey} vm={vm} host={host} />;
  }
  return <ConsoleView vmKey={vmKey} vm={vm} host={host} standalone={standalone} />;
}

function ConsoleOff({ vmKey, vm, host }: Props) {
  return (
    <section className="card console-off" aria-label="Serial console">
      <p>
        {vm.state === 'crashed' ? 'VM has crashed' : 'VM is shut off'} — start it to use its serial
        console.
      </p>
      <StartVmButton vmKey={vmKey} vm={vm} host={host} />
    </section>
  );
}

export function StartVmButton(props: Props) {
  return <VmActionButton {...props} action="start" label="Start VM" />;
}

/** A lifecycle command as a button beside the console (Start VM, Resume). */
export function VmActionButton({
  vmKey,
  vm,
  host,
  action,
  label,
}: Props & { action: VmAction; label: string }) {
  const busy = useAppStore((s) => s.inflight[vmKey] === action);
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const why = linkOpen ? whyDisabled(action, vm, host) : LINK_LOST;
  return (
    <button
      type="button"
      className={`btn btn-primary${busy ? ' is-busy' : ''}`}
      disabled={why !== null}
      title={why ?? `${label} ${vm.name}`}
      aria-busy={busy || undefined}
      onClick={() => void runVmAction(vmKey, action)}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {label}
    </button>
  );
}
