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
export function consoleWindowUrl(loc: Location, vmKey: string, param = PARAM): string {
  const url = new URL(loc.href);
  url.hash = '';
  url.searchParams.delete('token');
  url.searchParams.delete(PARAM);
  url.searchParams.delete(DISPLAY_PARAM);
  url.searchParams.set(param, vmKey);
  return url.toString();
}

// The same for a VM's screen alone: `?display=HOSTID/VMID`.
const DISPLAY_PARAM = 'display';

export function displayOnlyKey(loc: Location): string | null {
  const key = new URLSearchParams(loc.search).get(DISPLAY_PARAM);
  return key && /^[^/]+\/[^/]+$/.test(key) ? key : null;
}

export function displayWindowUrl(loc: Location, vmKey: string): string {
  return consoleWindowUrl(loc, vmKey, DISPLAY_PARAM);
}
