// The Add connection dialog: a libvirt URI (or an ssh alias from ~/.ssh/config) and an optional
// display name. Obvious mistakes show as you type (connectionUriProblem); main validates for real
// and its message shows here. On success the host joins the tree and starts connecting.
import { useState } from 'react';
import { checkName } from '../../../../shared/names';
import { connectionUriProblem } from '../../../../shared/validation/connectionUri';
import { useAppStore } from '../../store/appStore';
import { addConnection } from '../../store/connectionCommands';
import { DialogFrame } from '../common/DialogFrame';
import { FormField } from '../common/FormField';
import { TextField } from '../common/TextField';
import './connection.css';

const EXAMPLES: readonly [string, string][] = [
  ['qemu+ssh://root@192.168.1.10/system', 'a host by address, as root'],
  ['qemu+ssh://admin@nas:2222/system', 'another user and SSH port'],
  ['myserver', 'a Host alias from ~/.ssh/config'],
];

export function AddConnectionDialog() {
  const closeDialog = useAppStore((s) => s.closeDialog);
  const [uri, setUri] = useState('');
  const [name, setName] = useState('');
  const [uriTouched, setUriTouched] = useState(false);
  // Surrounding blanks are dropped (main trims too); blanks inside are an error.
  const uriError = connectionUriProblem(uri);
  const nameError = name === '' ? null : checkName(name, 'Name');

  return (
    <DialogFrame
      id="add-connection"
      title="Add connection"
      action="Connect"
      invalid={uriError ?? nameError}
      onInvalidSubmit={() => setUriTouched(true)}
      run={() => addConnection(uri.trim(), name)}
      onClose={closeDialog}
    >
      <div className="form-stack">
        <FormField
          id="add-connection-uri"
          label="URI"
          error={uriTouched ? (uriError ?? undefined) : undefined}
          hint="A libvirt URI over SSH, or an ssh alias. Host keys and passwords are asked for when connecting."
        >
          <input
            type="text"
            value={uri}
            placeholder="qemu+ssh://user@host:port/system"
            data-autofocus
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            onChange={(e) => {
              setUri(e.target.value);
              setUriTouched(true);
            }}
            onBlur={() => setUriTouched(uri !== '' || uriTouched)}
          />
        </FormField>
        <div className="connection-examples" aria-label="Examples" role="group">
          <span className="muted">Examples:</span>
          <ul>
            {EXAMPLES.map(([example, what]) => (
              <li key={example}>
                <code>{example}</code> <span className="muted">— {what}</span>
              </li>
            ))}
          </ul>
        </div>
        <TextField
          id="add-connection-name"
          label="Name"
          value={name}
          error={nameError ?? undefined}
          hint="Optional: shown in the tree instead of the host name."
          onChange={setName}
        />
      </div>
    </DialogFrame>
  );
}
