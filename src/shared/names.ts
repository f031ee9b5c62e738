// Names of VMs (and later pools, volumes, snapshots) that virtdesk will create. libvirt itself only
// forbids '/' and control characters; virtdesk is stricter so a name is always safe as a file name,
// a shell word and a URL segment. Existing objects with odd names are still addressed by UUID.
import { hasControlChars } from './text/chars';

export const NAME_MAX = 64;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** A message for the user, or null when the name is acceptable. */
export function checkName(name: string, what = 'Name'): string | null {
  if (name.length === 0) return `${what} is required.`;
  if (name.length > NAME_MAX)
    return `${what} must be at most ${NAME_MAX} characters (it has ${name.length}).`;
  if (hasControlChars(name)) return `${what} may not contain control characters.`;
  if (name.includes('/')) return `${what} may not contain '/'.`;
  if (!NAME_RE.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[A-Za-z0-9._+-]/.test(c)))].join(' ');
    return bad
      ? `${what} may not contain ${bad}: use letters, digits, '.', '_', '+' and '-'.`
      : `${what} must start with a letter or digit.`;
  }
  return null;
}
