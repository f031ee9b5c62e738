// Browser mode's first URL carries `?token=`; the server answers it with a port-bound HttpOnly
// cookie, so once the page runs the token is no longer needed in the address bar, where it would
// linger in history, session restore and any URL copied from it (console windows included).
const PARAM = 'token';

/** `href` without the token parameter, or null when it has none. */
export function withoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has(PARAM)) return null;
  url.searchParams.delete(PARAM);
  return url.toString();
}

/**
 * Replaces the current history entry with the same address minus the token. The page was served,
 * so the cookie that replaces the token is already set.
 */
export function dropTokenFromAddress(loc: Location, history: History): void {
  const clean = withoutToken(loc.href);
  if (clean !== null) history.replaceState(history.state, '', clean);
}
