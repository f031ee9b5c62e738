// Schemas of the migration and job requests. The options' combinations are checked by the
// service with migrationOptionProblems (a refusal the dialog explains), not here: here only what
// no dialog would ever send.
import type { ApiMethods } from '../api';
import type { MigrationOptions } from '../migration';
import { CONNECTION_URI_MAX, connectionUriProblem } from './connectionUri';
import type { Schema } from './schema';
import { bool, int, nullable, obj, oneOf, str } from './schema';

type P<M extends keyof ApiMethods> = ApiMethods[M]['params'];

/** The URIs `virsh migrate` takes as a destination: a libvirt URI, never an ssh alias. */
const MIGRATION_URI = /^qemu(\+(ssh|libssh|libssh2|unix|tcp|tls|ext))?:\/\//;

function destUriProblem(uri: string): string | null {
  if (!MIGRATION_URI.test(uri))
    return 'must be a libvirt URI: qemu://, qemu+ssh://, qemu+unix://, qemu+tcp:// or qemu+tls://';
  return connectionUriProblem(uri);
}

/** 1 TiB/s: more than any link; keeps the number an integer libvirt accepts. */
const BANDWIDTH_MIBS_MAX = 1_048_576;
const DOWNTIME_MS_MAX = 3_600_000;

export function migrationSchemas(id: Schema<string>) {
  const options = obj<MigrationOptions>({
    live: bool(),
    persistent: bool(),
    undefineSource: bool(),
    bandwidthMiBs: nullable(int({ min: 1, max: BANDWIDTH_MIBS_MAX })),
    maxDowntimeMs: nullable(int({ min: 1, max: DOWNTIME_MS_MAX })),
    autoConverge: bool(),
    postcopy: bool(),
    compression: oneOf(['none', 'xbzrle', 'zstd'] as const),
    parallelConnections: nullable(int({ min: 2, max: 16 })),
    storage: oneOf(['shared', 'copy-all', 'copy-inc'] as const),
    unsafe: bool(),
    destUri: nullable(str({ min: 1, max: CONNECTION_URI_MAX, check: destUriProblem })),
  });
  const migrate = obj<P<'vmMigrate'>>({ hostId: id, vmId: id, destHostId: id, options });
  const job = obj<P<'jobCancel'>>({ jobId: id });
  return {
    jobList: obj<Record<string, never>>({}),
    jobCancel: job,
    jobDismiss: job,
    jobMigratePostcopy: job,
    jobMigrateTune: obj<P<'jobMigrateTune'>>({
      jobId: id,
      bandwidthMiBs: nullable(int({ min: 1, max: BANDWIDTH_MIBS_MAX })),
      maxDowntimeMs: nullable(int({ min: 1, max: DOWNTIME_MS_MAX })),
    }),
    vmMigrateCheck: migrate,
    vmDirtyRate: obj<P<'vmDirtyRate'>>({ hostId: id, vmId: id }),
    vmMigrate: migrate,
  };
}
