// The console-only view: `?console=HOSTID/VMID` (plus browser mode's token) opens one VM's serial
// console alone in its window, for "Open in new window".
const PARAM = 'console';

/** The VM key the page was opened for, or null for the full app. */
export function consoleOnlyKey(loc: Location): string | null {
  const key = new URLSearchParams(loc.search).get(PARAM);
  return key && /^[^/]+\/[^/]+$/.test(key) ? key : null;
}

/** This page's address with the console parameter set; the token, if any, stays. */
export function consoleWindowUrl(loc: Location, vmKey: string): string {
  const url = new URL(loc.href);
  url.hash = '';
  url.searchParams.set(PARAM, vmKey);
  return url.toString();
}
