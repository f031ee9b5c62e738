// The console-only view: `?console=HOSTID/VMID` opens one VM's serial console alone in its window,
// for "Open in new window". Browser mode's token never goes along: the window authenticates with
// the cookie the first page load set.
const PARAM = 'console';

/** The VM key the page was opened for, or null for the full app. */
export function consoleOnlyKey(loc: Location): string | null {
  const key = new URLSearchParams(loc.search).get(PARAM);
  return key && /^[^/]+\/[^/]+$/.test(key) ? key : null;
}

/** This page's address with the console parameter set and no token. */
export function consoleWindowUrl(loc: Location, vmKey: string): string {
  const url = new URL(loc.href);
  url.hash = '';
  url.searchParams.delete('token');
  url.searchParams.set(PARAM, vmKey);
  return url.toString();
}
