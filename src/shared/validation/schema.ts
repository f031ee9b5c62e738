// A tiny runtime schema kit: each schema checks an unknown value and returns it typed, or throws
// INVALID_INPUT naming the path. Objects are closed (unknown keys are refused) so a request can
// never smuggle a field a later layer might trust.
import { VirtdeskError } from '../errors';

export type Schema<T> = (value: unknown, path: string) => T;

function fail(path: string, message: string): never {
  throw new VirtdeskError(
    'INVALID_INPUT',
    path ? `${path}: ${message}` : message,
    path || undefined,
  );
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : `${typeof v}`;
}

export function str(opts: {
  max: number;
  min?: number;
  pattern?: RegExp;
  check?: (s: string) => string | null;
}): Schema<string> {
  return (v, path) => {
    if (typeof v !== 'string') fail(path, `expected a string, got ${describe(v)}`);
    if (v.length > opts.max) fail(path, `must be at most ${opts.max} characters`);
    if (v.length < (opts.min ?? 0)) fail(path, `must be at least ${opts.min} characters`);
    if (opts.pattern && !opts.pattern.test(v)) fail(path, 'has an invalid format');
    const msg = opts.check?.(v);
    if (msg) fail(path, msg);
    return v;
  };
}

export function int(opts: { min: number; max: number }): Schema<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v))
      fail(path, `expected an integer, got ${describe(v)}`);
    if (v < opts.min || v > opts.max) fail(path, `must be between ${opts.min} and ${opts.max}`);
    return v;
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      fail(path, `must be one of ${values.join(', ')}`);
    }
    return v as T;
  };
}

export function obj<T extends object>(shape: { [K in keyof T]-?: Schema<T[K]> }): Schema<T> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      fail(path, `expected an object, got ${describe(v)}`);
    }
    const input = v as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key))
        fail(join(path, key), 'is not allowed');
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const value = shape[key](input[key], join(path, key));
      // Only optional() returns undefined: a missing optional key stays missing.
      if (value !== undefined) out[key] = value;
    }
    return out as T;
  };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function arr<T>(item: Schema<T>, opts: { max: number }): Schema<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) fail(path, `expected a list, got ${describe(v)}`);
    if (v.length > opts.max) fail(path, `must have at most ${opts.max} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return (v, path) => (v === null ? null : inner(v, path));
}

/** A key that may be left out (not null: JSON has no undefined, so only absence passes). */
export function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return (v, path) => (v === undefined ? undefined : inner(v, path));
}

export function bool(): Schema<boolean> {
  return (v, path) => {
    if (typeof v !== 'boolean') fail(path, `expected true or false, got ${describe(v)}`);
    return v;
  };
}

/**
 * A union told apart by one string key (`{ section: 'cpu', … } | { section: 'memory', … }`): the
 * key picks the variant's schema, which checks the whole object (the key included).
 */
export function tagged<K extends string, T extends Record<K, string>>(
  key: K,
  variants: { [V in T[K]]: Schema<Extract<T, Record<K, V>>> },
): Schema<T> {
  const names = Object.keys(variants);
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      fail(path, `expected an object, got ${describe(v)}`);
    }
    const tag = (v as Record<string, unknown>)[key];
    if (typeof tag !== 'string' || !names.includes(tag)) {
      fail(join(path, key), `must be one of ${names.join(', ')}`);
    }
    const variant = (variants as Record<string, Schema<T> | undefined>)[tag];
    return variant === undefined ? fail(join(path, key), 'is unknown') : variant(v, path);
  };
}

/** The literal a tagged variant carries in its key. */
export function literal<const T extends string>(value: T): Schema<T> {
  return oneOf([value]);
}

/** A schema with one more rule on the value it returns: `check` gives the problem or null. */
export function refine<T>(inner: Schema<T>, check: (value: T) => string | null): Schema<T> {
  return (v, path) => {
    const value = inner(v, path);
    const problem = check(value);
    if (problem) fail(path, problem);
    return value;
  };
}

/**
 * A schema whose value is then checked field by field (`check` gives each wrong field's problem,
 * as a dialog shows them): the first problem is refused at `path.field`.
 */
export function refineFields<T>(
  inner: Schema<T>,
  check: (value: T) => Partial<Record<string, string>>,
): Schema<T> {
  return (v, path) => {
    const value = inner(v, path);
    const [field, problem] = Object.entries(check(value))[0] ?? [];
    if (field !== undefined && problem !== undefined) fail(join(path, field), problem);
    return value;
  };
}
