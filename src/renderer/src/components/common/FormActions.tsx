// The end of a dialog's form: a refusal from main shown in place, then Cancel and the submit
// action, which shows a spinner while it runs and is disabled while the form is wrong.
interface Props {
  /** What main refused, or null. */
  error: string | null;
  /** The submit button's label (Create, Connect…). */
  action: string;
  busy: boolean;
  /** The form is wrong: the action is disabled. */
  invalid?: boolean;
  /** The action's tooltip, e.g. why it is disabled. */
  title?: string | undefined;
  /** A destructive action: red, and Cancel gets the focus. */
  danger?: boolean | undefined;
  onCancel(): void;
}

export function FormActions({ error, action, busy, invalid, title, danger, onCancel }: Props) {
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
          data-autofocus={danger || undefined}
        >
          Cancel
        </button>
        <button
          type="submit"
          className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'}
          disabled={invalid || busy}
          aria-busy={busy || undefined}
          title={title}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          {action}
        </button>
      </div>
    </>
  );
}
