// The Migrate dialog's fields as typed (strings for numbers, so a half-typed value stays on
// screen) and the MigrationOptions they stand for, with a message per field that is not a number
// in range. Combinations of options are shared/migration.ts's migrationOptionProblems.
import type { Vm } from '../../../shared/model';
import type {
  MigrationCompression,
  MigrationOptions,
  MigrationStorage,
} from '../../../shared/migration';
import { DEFAULT_MIGRATION_OPTIONS } from '../../../shared/migration';

export interface MigrationForm {
  destHostId: string;
  live: boolean;
  persistent: boolean;
  undefineSource: boolean;
  /** MiB/s; empty: unlimited. */
  bandwidth: string;
  /** ms; empty: the hypervisor's default. */
  maxDowntime: string;
  autoConverge: boolean;
  postcopy: boolean;
  compression: MigrationCompression;
  /** Empty: one connection; 2–16: multifd channels. */
  parallel: string;
  storage: MigrationStorage;
  unsafe: boolean;
  /** The Advanced destination URI as edited; null while the derived one is used. */
  destUri: string | null;
}

export type FormField = 'bandwidth' | 'maxDowntime' | 'parallel';

/** A live migration for a running or paused VM, offline for a shut-off one. */
export function initialForm(vm: Pick<Vm, 'state'>, destHostId: string): MigrationForm {
  const d = DEFAULT_MIGRATION_OPTIONS;
  return {
    destHostId,
    live: vm.state !== 'shutoff',
    persistent: d.persistent,
    undefineSource: d.undefineSource,
    bandwidth: d.bandwidthMiBs === null ? '' : String(d.bandwidthMiBs),
    maxDowntime: d.maxDowntimeMs === null ? '' : String(d.maxDowntimeMs),
    autoConverge: d.autoConverge,
    postcopy: d.postcopy,
    compression: d.compression,
    parallel: d.parallelConnections === null ? '' : String(d.parallelConnections),
    storage: d.storage,
    unsafe: d.unsafe,
    destUri: d.destUri,
  };
}

const LIMITS: Record<FormField, { min: number; max: number; what: string }> = {
  bandwidth: { min: 1, max: 1_048_576, what: 'Bandwidth (MiB/s)' },
  maxDowntime: { min: 1, max: 3_600_000, what: 'Max downtime (ms)' },
  parallel: { min: 2, max: 16, what: 'Parallel connections' },
};

/** '' → null; a whole number in range → it; anything else → an error message. */
export function parseOptionalInt(
  text: string,
  field: FormField,
): { value: number | null; error: string | null } {
  const t = text.trim();
  if (t === '') return { value: null, error: null };
  const { min, max, what } = LIMITS[field];
  if (!/^\d+$/.test(t)) return { value: null, error: `${what} must be a whole number.` };
  const n = Number(t);
  if (n < min || n > max) {
    return {
      value: null,
      error: `${what} must be between ${min} and ${max.toLocaleString('en')}.`,
    };
  }
  return { value: n, error: null };
}

export function formOptions(form: MigrationForm): {
  options: MigrationOptions;
  errors: Partial<Record<FormField, string>>;
} {
  const errors: Partial<Record<FormField, string>> = {};
  const num = (field: FormField, text: string): number | null => {
    const { value, error } = parseOptionalInt(text, field);
    if (error) errors[field] = error;
    return value;
  };
  const uri = form.destUri?.trim() ?? '';
  return {
    options: {
      live: form.live,
      persistent: form.persistent,
      undefineSource: form.undefineSource,
      bandwidthMiBs: num('bandwidth', form.bandwidth),
      maxDowntimeMs: num('maxDowntime', form.maxDowntime),
      autoConverge: form.autoConverge,
      postcopy: form.postcopy,
      compression: form.compression,
      parallelConnections: num('parallel', form.parallel),
      storage: form.storage,
      unsafe: form.unsafe,
      destUri: uri === '' ? null : uri,
    },
    errors,
  };
}
