// The Migrate dialog's requests that run by themselves: the pre-checks, again (debounced) whenever
// the destination or an option changes, and the dirty rate, measured once on open and again on
// request. An answer that arrives after a newer question is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DirtyRate, MigrationCheck, MigrationOptions } from '../../../../shared/migration';
import { errorMessage } from '../../lib/errorText';
import { checkMigration, measureDirtyRate } from '../../store/migrationCommands';

export const CHECK_DEBOUNCE_MS = 250;

export interface CheckState {
  check: MigrationCheck | null;
  /** The check itself failed (not a problem it found). */
  error: string | null;
  /** A check for the current inputs is due or under way. */
  pending: boolean;
}

/** `destHostId` null: nothing to check (no valid destination or a field is wrong). */
export function useMigrationCheck(
  vmKey: string,
  destHostId: string | null,
  options: MigrationOptions,
): CheckState {
  const question = destHostId === null ? null : JSON.stringify([destHostId, options]);
  const [state, setState] = useState<CheckState & { question: string | null }>({
    check: null,
    error: null,
    pending: false,
    question: null,
  });

  useEffect(() => {
    if (question === null || destHostId === null) return;
    let current = true;
    const timer = setTimeout(() => {
      checkMigration(vmKey, destHostId, options).then(
        (check) => {
          if (current) setState({ check, error: null, pending: false, question });
        },
        (e: unknown) => {
          if (current) setState({ check: null, error: errorMessage(e), pending: false, question });
        },
      );
    }, CHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `question` stands for destHostId and options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vmKey, question]);

  if (question === null) return { check: null, error: null, pending: false };
  // The last answer shows until the next one comes (it was for other inputs: pending).
  return { check: state.check, error: state.error, pending: state.question !== question };
}

export interface DirtyRateState {
  rate: DirtyRate | null;
  measuring: boolean;
  error: string | null;
  measure(): void;
}

/** Measures on mount when `active` (a running guest; a shut-off one dirties nothing). */
export function useDirtyRate(vmKey: string, active: boolean): DirtyRateState {
  const [rate, setRate] = useState<DirtyRate | null>(null);
  const [measuring, setMeasuring] = useState(active);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const mounted = useRef(true);

  const run = useCallback(() => {
    const n = ++seq.current;
    measureDirtyRate(vmKey).then(
      (r) => {
        if (!mounted.current || n !== seq.current) return;
        setRate(r);
        setMeasuring(false);
      },
      (e: unknown) => {
        if (!mounted.current || n !== seq.current) return;
        setError(errorMessage(e));
        setMeasuring(false);
      },
    );
  }, [vmKey]);

  const measure = useCallback(() => {
    setMeasuring(true);
    setError(null);
    run();
  }, [run]);

  useEffect(() => {
    mounted.current = true;
    if (active) run();
    return () => {
      mounted.current = false;
    };
    // Once on open; later measurements are the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { rate, measuring, error, measure };
}
