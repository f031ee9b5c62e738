// How the store keys things: VMs by `${hostId}/${vmId}` (ids never contain '/'), names sorted the
// way people expect ("web-2" before "web-10").
export function vmKey(hostId: string, vmId: string): string {
  return `${hostId}/${vmId}`;
}

export function splitVmKey(key: string): { hostId: string; vmId: string } {
  const slash = key.indexOf('/');
  return { hostId: key.slice(0, slash), vmId: key.slice(slash + 1) };
}

export const nameCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Index at which `name` belongs in `keys` (sorted by nameOf), by binary search. */
export function sortedIndex(
  keys: readonly string[],
  name: string,
  key: string,
  nameOf: (key: string) => string,
): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    const c = nameCollator.compare(nameOf(k), name) || (k < key ? -1 : k > key ? 1 : 0);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
