// What stands in the way of a migration, each a sentence: invalid combinations of options (known
// at once, from the options alone) and main's pre-checks (asked again as the options change).
import type { MigrationProblem } from '../../../../shared/migration';

interface Props {
  optionProblems: readonly MigrationProblem[];
  /** main's findings, without the option problems shown above them. */
  checkProblems: readonly MigrationProblem[] | null;
  checkError: string | null;
  pending: boolean;
}

function ProblemItem({ p }: { p: MigrationProblem }) {
  return (
    <li className={`mig-problem mig-${p.level}`} data-code={p.code}>
      <span className="mig-problem-icon" aria-hidden="true">
        {p.level === 'error' ? '✕' : '!'}
      </span>
      <span>
        <span className="visually-hidden">{p.level === 'error' ? 'Error: ' : 'Warning: '}</span>
        {p.message}
        {p.fix && <span className="mig-fix"> {p.fix}</span>}
      </span>
    </li>
  );
}

export function MigrateChecks({ optionProblems, checkProblems, checkError, pending }: Props) {
  const all = [...optionProblems, ...(checkProblems ?? [])];
  let summary: string;
  if (checkError) summary = `The pre-checks could not run: ${checkError}`;
  else if (pending && checkProblems === null) summary = 'Running the pre-checks…';
  else if (all.length === 0) summary = pending ? 'Checking again…' : 'All pre-checks pass.';
  else summary = pending ? 'Checking again…' : '';
  return (
    <section className="mig-checks" aria-labelledby="mig-checks-heading">
      <h3 id="mig-checks-heading">Pre-checks</h3>
      {all.length > 0 && (
        <ul aria-label="Pre-check results">
          {all.map((p, i) => (
            <ProblemItem key={`${p.code}-${i}`} p={p} />
          ))}
        </ul>
      )}
      <p className={checkError ? 'inline-error' : 'muted'} role="status">
        {summary}
      </p>
    </section>
  );
}
