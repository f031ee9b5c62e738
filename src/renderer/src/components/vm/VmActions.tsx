// The lifecycle buttons for one VM, each enabled only in the states libvirt allows it. Force off
// and Delete ask first. A button with a request in flight is busy and ignores further clicks.
// Migrate to… opens the Migrate dialog (the keyboard's way to what dragging the VM does).
import type { Host, Vm } from '../../../../shared/model';
import type { VmAction } from '../../../../shared/lifecycle';
import { CONFIRMED_ACTIONS, VM_ACTIONS, VM_ACTION_LABEL } from '../../../../shared/lifecycle';
import { whyDisabled } from '../../lib/vmActions';
import { useAppStore } from '../../store/appStore';
import { runVmAction } from '../../store/commands';
import { ReasonButton } from '../common/ReasonButton';
import { LINK_LOST } from '../../api/consoleConnection';
import { MigrateToButton } from '../migration/MigrateToButton';

interface Props {
  vmKey: string;
  vm: Vm;
  host: Host | undefined;
}

export function VmActions({ vmKey, vm, host }: Props) {
  const busyAction = useAppStore((s) => s.inflight[vmKey]);
  const openDialog = useAppStore((s) => s.openDialog);
  const linkOpen = useAppStore((s) => s.link.state === 'open');

  const onClick = (action: VmAction): void => {
    if (useAppStore.getState().inflight[vmKey]) return;
    if (CONFIRMED_ACTIONS.has(action)) {
      openDialog({ kind: 'confirm', action: action as 'forceOff' | 'delete', key: vmKey });
    } else {
      void runVmAction(vmKey, action);
    }
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="VM actions">
      {VM_ACTIONS.map((action) => {
        const why = linkOpen ? whyDisabled(action, vm, host) : LINK_LOST;
        const busy = busyAction === action;
        const danger = action === 'forceOff' || action === 'delete';
        return (
          <ReasonButton
            key={action}
            className={`btn${danger ? ' btn-danger' : ''}${busy ? ' is-busy' : ''}`}
            why={why}
            title={busyAction ? `${VM_ACTION_LABEL[busyAction]} in progress…` : undefined}
            aria-busy={busy || undefined}
            aria-disabled={busyAction !== undefined && why === null ? true : undefined}
            onClick={() => onClick(action)}
          >
            {busy && <span className="spinner" aria-hidden="true" />}
            {VM_ACTION_LABEL[action]}
          </ReasonButton>
        );
      })}
      <MigrateToButton vmKey={vmKey} vm={vm} />
    </div>
  );
}
