// <numatune>: where the guest's memory comes from. A mode (or "Host decides", no numatune) and the
// nodes it applies to, one checkbox per NUMA node of the host.
import type { NumaMode, PinningSettings } from '../../../../../../shared/hardware';

const MODES: readonly { mode: NumaMode; label: string }[] = [
  { mode: 'strict', label: 'Strict (only these nodes)' },
  { mode: 'preferred', label: 'Preferred (these first)' },
  { mode: 'interleave', label: 'Interleave (spread over these)' },
  { mode: 'restrictive', label: 'Restrictive (cgroup only)' },
];

type Numatune = PinningSettings['numatune'];

interface Props {
  idPrefix: string;
  nodes: readonly number[];
  value: Numatune;
  /** Why the value cannot be used (no node chosen), shown under the nodes. */
  error: string | undefined;
  onChange: (next: Numatune) => void;
}

export function NumaTuneFields({ idPrefix, nodes, value, error, onChange }: Props) {
  const modeId = `${idPrefix}-numa-mode`;
  const nodeset = value?.nodeset ?? [];
  const toggle = (node: number, on: boolean): void => {
    if (!value) return;
    const next = on ? [...nodeset, node] : nodeset.filter((n) => n !== node);
    onChange({ ...value, nodeset: [...new Set(next)].sort((a, b) => a - b) });
  };
  return (
    <div className="pin-numa">
      <div className="field">
        <label htmlFor={modeId}>Memory mode</label>
        <select
          id={modeId}
          value={value?.mode ?? ''}
          onChange={(e) => {
            const mode = e.target.value as NumaMode | '';
            onChange(mode === '' ? null : { mode, nodeset: value?.nodeset ?? nodes.slice(0, 1) });
          }}
        >
          <option value="">Host decides (no numatune)</option>
          {MODES.map((m) => (
            <option key={m.mode} value={m.mode}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="pin-nodeset" disabled={!value}>
        <legend>Memory nodes</legend>
        {nodes.map((n) => (
          <label key={n}>
            <input
              type="checkbox"
              checked={nodeset.includes(n)}
              onChange={(e) => toggle(n, e.target.checked)}
            />{' '}
            Node {n}
          </label>
        ))}
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </fieldset>
    </div>
  );
}
