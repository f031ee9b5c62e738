// Structural checks for JSON read back from the data dir. Each throws a ShapeError whose message
// names the offending path, so a file moved aside as corrupt comes with a reason a user can act on.

export class ShapeError extends Error {}

export type Rec = Record<string, unknown>;

export function record(v: unknown, path: string): Rec {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ShapeError(`${path} is not an object`);
  return v as Rec;
}

export function str(o: Rec, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ShapeError(`${path}.${key} is not a string`);
  return v;
}

export function strOrNull(o: Rec, key: string, path: string): string | null {
  return o[key] === null ? null : str(o, key, path);
}

export function count(o: Rec, key: string, path: string, min: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new ShapeError(`${path}.${key} is not a whole number ≥ ${min}`);
  return v;
}

export function bool(o: Rec, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ShapeError(`${path}.${key} is not true or false`);
  return v;
}

export function oneOf<T extends string>(
  o: Rec,
  key: string,
  path: string,
  values: readonly T[],
): T {
  const v = o[key];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    throw new ShapeError(`${path}.${key} is not one of ${values.join(', ')}`);
  return v as T;
}

export function array(o: Rec, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ShapeError(`${path}.${key} is not a list`);
  return v;
}

/** Throws when two items share a key, e.g. two VMs with one name. */
export function unique<T>(items: readonly T[], key: (item: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new ShapeError(`${what} ${k} appears twice`);
    seen.add(k);
  }
}
