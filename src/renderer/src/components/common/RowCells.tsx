// Cells a list of libvirt objects shares (the Storage view's pools, the Networks view's networks):
// the name that picks the row whose details show below the table, and the autostart checkbox.
import { ShownName } from './ShownName';

export function PickCell({
  name,
  picked,
  onPick,
}: {
  name: string;
  picked: boolean;
  onPick(): void;
}) {
  return (
    <th scope="row">
      <button
        type="button"
        className="link pool-name"
        aria-current={picked ? 'true' : undefined}
        onClick={onPick}
      >
        <ShownName name={name} />
      </button>
    </th>
  );
}

export function AutostartCell({
  name,
  checked,
  disabled,
  onChange,
}: {
  name: string;
  checked: boolean;
  disabled: boolean;
  onChange(on: boolean): void;
}) {
  return (
    <td>
      <input
        type="checkbox"
        aria-label={`Autostart ${name}`}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
    </td>
  );
}
