// A labelled text or number input (FormField) that hands back the typed string. Text fields are
// names and addresses: no spell checking and no autofill.
import type { InputHTMLAttributes } from 'react';
import { FormField } from './FormField';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  /** The dialog's first field: focused when it opens. */
  autoFocus?: boolean;
  onChange(value: string): void;
}

export function TextField(props: Props) {
  const { id, label, error, hint, autoFocus, onChange, type = 'text', ...rest } = props;
  const text = type === 'text';
  return (
    <FormField id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      <input
        type={type}
        data-autofocus={autoFocus || undefined}
        spellCheck={text ? false : undefined}
        autoComplete={text ? 'off' : undefined}
        {...rest}
        onChange={(e) => onChange(e.target.value)}
      />
    </FormField>
  );
}
