// The review of one Hardware section's change before it is applied: main's plan for it (asked
// when the dialog opens, changing nothing), the definition's XML diff, each step grouped by when
// it takes effect (now on the running VM, or at its next boot; a shut-off VM saves all for its
// next start), warnings, and a refusal, which keeps Apply disabled. Apply runs the change; a
// failure stays in the dialog.
import { useEffect, useMemo, useState } from 'react';
import type { HardwareChange, HardwarePlan, HardwareStep } from '../../../../../shared/hardware';
import { diffHunks, diffLines, diffStats } from '../../../../../shared/text/lineDiff';
import { errorMessage } from '../../../lib/errorText';
import { useAppStore } from '../../../store/appStore';
import { applyHardware, planHardware, vmHardware } from '../../../store/hardwareCommands';
import { DialogFrame } from '../../common/DialogFrame';
import { XmlDiff } from '../xml/XmlDiff';
import './hardware.css';

type PlanLoad =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; plan: HardwarePlan };

function usePlan(key: string, change: HardwareChange): PlanLoad {
  const [load, setLoad] = useState<PlanLoad>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    planHardware(key, change).then(
      (plan) => current && setLoad({ status: 'ready', plan }),
      (e: unknown) => current && setLoad({ status: 'error', message: errorMessage(e) }),
    );
    return () => {
      current = false;
    };
  }, [key, change]);
  return load;
}

function Steps({ id, title, steps }: { id: string; title: string; steps: HardwareStep[] }) {
  if (steps.length === 0) return null;
  return (
    <section className="hw-steps" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ul>
        {steps.map((s, i) => (
          <li key={i}>{s.text}</li>
        ))}
      </ul>
    </section>
  );
}

const changes = (n: number): string => (n === 1 ? '1 change applies' : `${n} changes apply`);

/** When the change takes effect, in one sentence (general until the plan is in). */
function summary(
  name: string,
  running: boolean,
  plan: HardwarePlan | null,
  paused: boolean,
): string {
  if (!running) return `${name} is shut off: the changes are saved for its next start.`;
  // A paused VM is active too: it takes the live steps as a running one does.
  const is = `${name} is ${paused ? 'paused' : 'running'}`;
  if (plan === null || plan.steps.length === 0)
    return `${is}: some changes can apply now, others at its next boot.`;
  const now = plan.steps.filter((s) => s.when === 'now').length;
  const later = plan.steps.length - now;
  if (later === 0) return `${is}: ${changes(now)} now.`;
  if (now === 0) return `${is}: ${changes(later)} at its next boot.`;
  return `${is}: ${changes(now)} now, ${changes(later)} at its next boot.`;
}

export function HardwareReviewDialog({ vmKey, change }: { vmKey: string; change: HardwareChange }) {
  const vm = useAppStore((s) => s.vms[vmKey]);
  const close = useAppStore((s) => s.closeDialog);
  const running = vmHardware.useLoaded(vmKey)?.running ?? vm?.state === 'running';
  const load = usePlan(vmKey, change);
  const plan = load.status === 'ready' ? load.plan : null;
  const diff = useMemo(() => {
    if (plan === null) return null;
    const lines = diffLines(plan.xmlBefore, plan.xmlAfter);
    return { hunks: diffHunks(lines), ...diffStats(lines) };
  }, [plan]);
  if (!vm) return null;

  const invalid =
    load.status === 'loading'
      ? 'Working out what the change does…'
      : load.status === 'error'
        ? load.message
        : load.plan.refusal;
  const now = plan?.steps.filter((s) => s.when === 'now') ?? [];
  const later = plan?.steps.filter((s) => s.when === 'next-boot') ?? [];

  return (
    <DialogFrame
      id="hardware-review"
      title="Review hardware changes"
      describedBy="hardware-review-summary"
      size="wide"
      action="Apply"
      invalid={invalid}
      run={() => applyHardware(vmKey, change)}
      onClose={close}
    >
      <p id="hardware-review-summary">{summary(vm.name, running, plan, vm.state === 'paused')}</p>
      {load.status === 'loading' && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Working out what the change does…
        </p>
      )}
      {load.status === 'error' && (
        <p className="inline-error" role="alert">
          Could not plan the change: {load.message}
        </p>
      )}
      {plan && (
        <>
          {plan.refusal !== null && (
            <p className="inline-error" role="alert" id="hardware-review-refusal">
              Cannot apply: {plan.refusal}
            </p>
          )}
          {plan.steps.length === 0 && <p className="muted">The change makes no difference.</p>}
          {running ? (
            <>
              <Steps id="hardware-review-now" title="Applies now" steps={now} />
              <Steps id="hardware-review-later" title="At next boot" steps={later} />
            </>
          ) : (
            <Steps id="hardware-review-later" title="Saved for the next start" steps={plan.steps} />
          )}
          {plan.warnings.length > 0 && (
            <section className="hw-warnings" aria-labelledby="hardware-review-warnings">
              <h3 id="hardware-review-warnings">Warnings</h3>
              <ul>
                {plan.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </section>
          )}
          {diff && (
            <>
              <p className="muted">
                The definition: {diff.added} line{diff.added === 1 ? '' : 's'} added, {diff.removed}{' '}
                removed.
              </p>
              {diff.hunks.length > 0 && <XmlDiff hunks={diff.hunks} label="XML changes" />}
            </>
          )}
        </>
      )}
    </DialogFrame>
  );
}
