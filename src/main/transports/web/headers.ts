// Response headers for every browser-mode response. The CSP repeats the renderer's meta tag so
// it holds even for files served without it, and narrows connect-src to this server's own
// WebSocket origin (host and port), which the static meta tag cannot name.
import { allowedOrigins } from './access';

/**
 * The CSP for a response to a request whose Host header `host` (e.g. "127.0.0.1:47800") passed
 * checkAccess; null (refused requests) allows no connections at all.
 */
export function contentSecurityPolicy(host: string | null): string {
  const connect = host === null ? "'none'" : `'self' ws://${host}`;
  return (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    `connect-src ${connect}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  );
}

/** The Host header when it names this server on `port`, else null. */
export function ownHost(hostHeader: string | undefined, port: number): string | null {
  if (hostHeader === undefined) return null;
  return allowedOrigins(port).includes(`http://${hostHeader}`) ? hostHeader : null;
}

export function securityHeaders(host: string | null): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(host),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The token travels in the first URL; never leak it to another site.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
