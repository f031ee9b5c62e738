// The frame every storage dialog shares: a modal form with its heading, the fields, a refusal from
// main shown in place, and Cancel plus the action (disabled, saying why, while the form is wrong).
import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import { errorMessage } from '../../lib/errorText';
import { useStorageStore } from '../../store/storageStore';
import { FormActions } from '../common/FormActions';
import { Modal } from '../common/Modal';

interface Props {
  id: string;
  title: string;
  action: string;
  /** Why the action cannot be taken yet, or null. */
  invalid: string | null;
  /** Does the work; a throw is shown in the dialog, which stays open. */
  run(): Promise<void>;
  danger?: boolean;
  wide?: boolean;
  children: ReactNode;
}

export function DialogFrame({ id, title, action, invalid, run, danger, wide, children }: Props) {
  const close = useStorageStore((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `${id}-heading`;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy || invalid !== null) return;
    setBusy(true);
    setError(null);
    try {
      await run();
      close();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy={headingId} onCancel={close} className={wide ? 'modal-wide' : undefined}>
      <form
        className="form"
        onSubmit={(e) => void submit(e)}
        noValidate
        onChange={() => setError(null)}
      >
        <h2 id={headingId}>{title}</h2>
        {children}
        <FormActions
          error={error}
          action={action}
          busy={busy}
          invalid={invalid !== null}
          title={invalid ?? undefined}
          danger={danger}
          onCancel={close}
        />
      </form>
    </Modal>
  );
}
