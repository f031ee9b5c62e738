// What every Hardware section's form reading shares: the settings read from the typed text (or
// null while a field is wrong), the message per wrong field, and the lines saying what differs
// from the VM's current settings. Pure, so each section's rules are unit-tested without React.

/** A form read into settings: `value` is null while any field has an error. */
export interface FormRead<S, K extends string> {
  value: S | null;
  errors: Partial<Record<K, string>>;
}

/** A whole number typed into a field, within bounds; the error names the field. */
export function readCount(
  text: string,
  label: string,
  min: number,
  max: number,
): { value: number } | { error: string } {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return { error: `${label} must be a whole number.` };
  const n = Number(t);
  if (n < min) return { error: `${label} must be at least ${min}.` };
  if (n > max) return { error: `${label} can be at most ${max}.` };
  return { value: n };
}

/** The read's outcome: the settings when no field has an error. */
export function formRead<S, K extends string>(
  errors: Partial<Record<K, string>>,
  build: () => S,
): FormRead<S, K> {
  return { value: Object.keys(errors).length === 0 ? build() : null, errors };
}

/** The first error of a read, in field order, for a disabled button's reason. */
export function firstError<K extends string>(errors: Partial<Record<K, string>>): string | null {
  const first = Object.values(errors)[0];
  return typeof first === 'string' ? first : null;
}

/** "Label: before → after" when they differ. */
export function changed(label: string, before: string, after: string): string[] {
  return before === after ? [] : [`${label}: ${before} → ${after}`];
}
