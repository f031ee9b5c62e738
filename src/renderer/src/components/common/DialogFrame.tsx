// The frame every dialog shares: a modal form with its heading, the fields or the question, a
// refusal from main shown in place, and Cancel plus the action (disabled, saying why, while the
// form is wrong). The action runs with a spinner; it closes the dialog when it succeeds and keeps
// it open with the error when it throws.
import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import { errorMessage } from '../../lib/errorText';
import { FormActions } from './FormActions';
import { Modal } from './Modal';

export interface DialogAction {
  label: string;
  /** Does the work; a throw is shown in the dialog, which stays open. */
  run(): Promise<unknown>;
}

interface Props {
  /** Prefix of the element ids: the heading is `${id}-heading`. */
  id: string;
  title: ReactNode;
  /** The submit action, and what it does (as DialogAction.run). */
  action: string;
  run(): Promise<unknown>;
  /** Why the action cannot be taken yet, or null. */
  invalid: string | null;
  /** Closes the dialog (Cancel, Escape, and after the action succeeds). */
  onClose(): void;
  /** Submitting a wrong form (Enter in a field): show the errors not shown yet. */
  onInvalidSubmit?(): void;
  /** A second action beside the main one (e.g. "Snapshot current state first"). */
  alternative?: DialogAction;
  cancelLabel?: string;
  /** A destructive action: red, and Cancel gets the focus. */
  danger?: boolean;
  /** A question with nothing to fill in: the action gets the focus. */
  focusAction?: boolean;
  size?: 'narrow' | 'wide';
  /** Ids of the text that says what the action does, for assistive technology. */
  describedBy?: string;
  children: ReactNode;
}

export function DialogFrame(props: Props) {
  const { id, title, action, run, invalid, onClose, children } = props;
  const [running, setRunning] = useState<'action' | 'alternative' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = `${id}-heading`;

  const start = async (which: 'action' | 'alternative', work: () => Promise<unknown>) => {
    if (running !== null) return;
    setRunning(which);
    setError(null);
    try {
      await work();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setRunning(null);
    }
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (running !== null) return;
    if (invalid !== null) props.onInvalidSubmit?.();
    else void start('action', run);
  };

  return (
    <Modal
      labelledBy={headingId}
      describedBy={props.describedBy}
      onCancel={() => {
        // Escape waits like Cancel does: the action's end closes the dialog.
        if (running === null) onClose();
      }}
      className={props.size ? `modal-${props.size}` : undefined}
    >
      <form
        className="form"
        onSubmit={submit}
        noValidate
        aria-busy={running !== null || undefined}
        onChange={() => setError(null)}
      >
        <h2 id={headingId}>{title}</h2>
        {children}
        <FormActions
          error={error}
          action={action}
          running={running}
          invalid={invalid !== null}
          title={invalid ?? undefined}
          danger={props.danger}
          focusAction={props.focusAction}
          cancelLabel={props.cancelLabel}
          alternative={
            props.alternative && {
              label: props.alternative.label,
              onClick: () => void start('alternative', props.alternative!.run),
            }
          }
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
