// "Migrate to…" in the VM's toolbar: opens the Migrate dialog with no destination picked, or
// says why no host can take the VM now.
import { useShallow } from 'zustand/react/shallow';
import type { Host, Vm } from '../../../../shared/model';
import { LINK_LOST } from '../../api/consoleConnection';
import { noDestination } from '../../lib/migrationTargets';
import { useAppStore } from '../../store/appStore';
import { runningJobOf, useJobStore } from '../../store/jobStore';
import { ReasonButton } from '../common/ReasonButton';

export function MigrateToButton({ vmKey, vm }: { vmKey: string; vm: Vm }) {
  const hosts = useAppStore(
    useShallow((s) => s.hostOrder.map((id) => s.hosts[id]).filter((h): h is Host => !!h)),
  );
  const linkOpen = useAppStore((s) => s.link.state === 'open');
  const migrating = useJobStore((s) => runningJobOf(s.jobs, vm.id) !== undefined);
  const why = linkOpen ? noDestination(vm, hosts, migrating) : LINK_LOST;
  return (
    <ReasonButton
      className="btn"
      why={why}
      title="Move this VM to another host"
      onClick={() =>
        useAppStore.getState().openDialog({ kind: 'migrate', key: vmKey, destHostId: null })
      }
    >
      Migrate to…
    </ReasonButton>
  );
}
