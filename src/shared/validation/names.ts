// Schemas of names in requests. A new name (a network, a pool, a volume, a snapshot…) follows
// virtdesk's name rules; a name that refers to an existing libvirt object only has to be one
// libvirt could have made, so objects made with virsh stay manageable.
import { checkName } from '../names';
import type { Schema } from './schema';
import { str } from './schema';

/**
 * An existing network, pool or volume: any name libvirt lists (tabs, edge spaces…) but '/' and
 * the line break virsh cannot be sent (a volume file can hold one: it is listed read-only).
 */
export const libvirtRef: Schema<string> = str({
  min: 1,
  max: 1024,
  check: (s) =>
    s.includes('/')
      ? "may not contain '/'"
      : s.includes('\n') || s.includes('\u0000')
        ? 'may not contain line breaks'
        : null,
});

/** A name to create, with virtdesk's rules; `what` starts the message ('Pool name is required.'). */
export function newName(what?: string): Schema<string> {
  return str({ max: 10_000, check: (s) => checkName(s, what) });
}
