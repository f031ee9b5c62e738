// A password, key passphrase or keyboard-interactive question from a connection. What the user
// types lives only in the inputs themselves (uncontrolled, never in React state or the store): it
// is read once on OK, sent, and the inputs are emptied at once.
import type { FormEvent } from 'react';
import { useRef, useState } from 'react';
import type { SecretPrompt } from '../../../../shared/prompts';
import { errorMessage } from '../../lib/errorText';
import { promptAnswerSecret } from '../../store/connectionCommands';
import { FormActions } from '../common/FormActions';
import { Modal } from '../common/Modal';
import './connection.css';

interface Props {
  prompt: SecretPrompt;
  hostName: string | undefined;
  more: string | null;
}

/** "Password: " → "Password"; an empty label gets a word for its reason. */
function fieldLabel(label: string, reason: SecretPrompt['reason']): string {
  const trimmed = label.trim().replace(/:$/, '').trim();
  if (trimmed) return trimmed;
  return reason === 'passphrase' ? 'Passphrase' : 'Password';
}

export function SecretPromptDialog({ prompt, hostName, more }: Props) {
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const clearInputs = (): void => {
    for (const input of inputs.current) if (input) input.value = '';
  };

  const send = async (responses: string[] | null): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await promptAnswerSecret(prompt.id, responses);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const responses = prompt.fields.map((_, i) => inputs.current[i]?.value ?? '');
    clearInputs();
    void send(responses);
  };

  const cancel = (): void => {
    clearInputs();
    void send(null);
  };

  const id = (i: number): string => `secret-${prompt.id}-${i}`;
  return (
    <Modal
      labelledBy="secret-heading"
      describedBy={prompt.instructions ? 'secret-instructions' : undefined}
      onCancel={cancel}
      className="modal-narrow prompt-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="secret-heading">{prompt.title}</h2>
        {hostName && <p className="muted">Connecting to {hostName}.</p>}
        {prompt.instructions && (
          <p id="secret-instructions" className="pre-line wrap">
            {prompt.instructions}
          </p>
        )}
        <div className="form-stack">
          {prompt.fields.map((field, i) => (
            <div className="field" key={i}>
              <label htmlFor={id(i)}>{fieldLabel(field.label, prompt.reason)}</label>
              <input
                id={id(i)}
                ref={(el) => {
                  inputs.current[i] = el;
                }}
                type={field.echo ? 'text' : 'password'}
                defaultValue=""
                data-autofocus={i === 0 ? true : undefined}
                autoComplete="off"
                spellCheck={false}
                disabled={busy}
              />
            </div>
          ))}
        </div>
        {more && <p className="muted prompt-note">{more}</p>}
        <FormActions error={error} action="OK" running={busy ? 'action' : null} onCancel={cancel} />
      </form>
    </Modal>
  );
}
