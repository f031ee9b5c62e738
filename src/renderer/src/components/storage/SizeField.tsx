// A size typed as a number with a unit beside it (MiB, GiB, TiB), read exactly into bytes.
import { parseSize } from '../../../../shared/storage';

export const SIZE_UNITS = ['MiB', 'GiB', 'TiB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

export interface SizeValue {
  amount: string;
  unit: SizeUnit;
}

export function sizeBytes(v: SizeValue): number | null {
  return parseSize(v.amount, v.unit);
}

interface Props {
  id: string;
  label: string;
  value: SizeValue;
  onChange(v: SizeValue): void;
  error?: string;
  hint?: string;
}

export function SizeField({ id, label, value, onChange, error, hint }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="size-input">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={value.amount}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange({ ...value, amount: e.target.value })}
        />
        <select
          aria-label={`${label} unit`}
          value={value.unit}
          onChange={(e) => onChange({ ...value, unit: e.target.value as SizeUnit })}
        >
          {SIZE_UNITS.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
