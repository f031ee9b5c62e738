// libvirt's scaled integers (virScaleInteger): a unit is 'b'/'byte'/'bytes', or one of k m g t p e
// (any case) alone or followed by 'iB' for powers of 1024, or followed by 'B' for powers of 1000.
// So KiB = k = K = 1024 bytes but KB = 1000 bytes. Values are unsigned decimal integers; libvirt
// refuses anything whose byte count overflows an unsigned 64-bit integer, and so do we.

const U64_MAX = (1n << 64n) - 1n;
const POWERS = 'kmgtpe';

/** Bytes per unit, or undefined for a unit libvirt does not know. */
export function unitBytes(unit: string): bigint | undefined {
  const u = unit.trim();
  const lower = u.toLowerCase();
  if (lower === 'b' || lower === 'byte' || lower === 'bytes') return 1n;
  const power = lower === '' ? 0 : POWERS.indexOf(lower.charAt(0)) + 1;
  if (power === 0) return undefined;
  const rest = lower.slice(1);
  const base = rest === '' || rest === 'ib' ? 1024n : rest === 'b' ? 1000n : undefined;
  return base === undefined ? undefined : base ** BigInt(power);
}

function scaled(value: string, unit: string | undefined, defaultUnit: string): bigint | undefined {
  const digits = value.trim();
  if (!/^[0-9]{1,20}$/.test(digits)) return undefined;
  const per = unitBytes(unit === undefined || unit.trim() === '' ? defaultUnit : unit);
  if (per === undefined) return undefined;
  const bytes = BigInt(digits) * per;
  return bytes > U64_MAX ? undefined : bytes;
}

/**
 * A libvirt size in bytes. `defaultUnit` is what the element means without a unit attribute
 * (bytes for storage capacities, KiB for domain memory). Sizes above 2^53 lose precision as
 * numbers; undefined for anything libvirt itself would refuse.
 */
export function toBytes(
  value: string | undefined,
  unit: string | undefined,
  defaultUnit = 'bytes',
): number | undefined {
  if (value === undefined) return undefined;
  const b = scaled(value, unit, defaultUnit);
  return b === undefined ? undefined : Number(b);
}

/** A libvirt size in KiB, rounded up as virDomainParseMemory does (1 KB = 1000 B → 1 KiB). */
export function toKiB(
  value: string | undefined,
  unit: string | undefined,
  defaultUnit = 'KiB',
): number | undefined {
  if (value === undefined) return undefined;
  const b = scaled(value, unit, defaultUnit);
  return b === undefined ? undefined : Number((b + 1023n) / 1024n);
}
