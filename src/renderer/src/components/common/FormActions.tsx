// The end of a dialog's form: a refusal from main shown in place, then Cancel, an optional second
// action, and the submit action. The one running shows a spinner; all wait while one runs, and
// the submit action is disabled while the form is wrong.
interface Props {
  /** What main refused, or null. */
  error: string | null;
  /** The submit button's label (Create, Connect…). */
  action: string;
  running: 'action' | 'alternative' | null;
  /** The form is wrong: the action is disabled. */
  invalid?: boolean;
  /** The action's tooltip, e.g. why it is disabled. */
  title?: string | undefined;
  /** A destructive action: red, and Cancel gets the focus. */
  danger?: boolean | undefined;
  /** The action gets the focus (a question with nothing to fill in). */
  focusAction?: boolean | undefined;
  cancelLabel?: string | undefined;
  alternative?: { label: string; onClick(): void } | undefined;
  onCancel(): void;
}

export function FormActions(props: Props) {
  const { error, action, running, invalid, title, danger, alternative, onCancel } = props;
  const busy = running !== null;
  return (
    <>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button
          type="button"
          className="btn"
          onClick={onCancel}
          disabled={busy}
          data-autofocus={danger || undefined}
        >
          {props.cancelLabel ?? 'Cancel'}
        </button>
        {alternative && (
          <button
            type="button"
            className="btn"
            disabled={busy}
            aria-busy={running === 'alternative' || undefined}
            onClick={alternative.onClick}
          >
            {running === 'alternative' && <span className="spinner" aria-hidden="true" />}
            {alternative.label}
          </button>
        )}
        <button
          type="submit"
          className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'}
          disabled={invalid || busy}
          aria-busy={running === 'action' || undefined}
          data-autofocus={props.focusAction || undefined}
          title={title}
        >
          {running === 'action' && <span className="spinner" aria-hidden="true" />}
          {action}
        </button>
      </div>
    </>
  );
}
