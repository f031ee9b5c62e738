// The VM's latest migration in its detail pane, found by UUID so it follows the VM to its
// destination: the progress panel while it runs, its outcome until dismissed.
import type { Vm } from '../../../../shared/model';
import { latestJobOf, useJobStore } from '../../store/jobStore';
import { MigrationPanel } from './MigrationPanel';

export function VmMigration({ vm }: { vm: Vm }) {
  const job = useJobStore((s) => latestJobOf(s.jobs, vm.id));
  if (!job || job.kind !== 'migration') return null;
  return <MigrationPanel key={job.id} job={job} />;
}
