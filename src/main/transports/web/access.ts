// Who may talk to browser mode. Three checks, each a 403 on failure:
// - Host must name loopback on our port (blocks DNS rebinding: evil.example → 127.0.0.1),
// - Origin, when a browser sends one, must be ours (blocks cross-site pages and WebSockets),
// - the per-launch token, from ?token= or the cookie set when the page was opened with it.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

export interface AccessPolicy {
  token: string;
  port: () => number;
}

export type AccessVerdict = { ok: true; viaQuery: boolean } | { ok: false; reason: string };

export function cookieName(port: number): string {
  // Cookies ignore ports, so two instances on one machine need distinct names.
  return `virtdesk_token_${port}`;
}

export function allowedOrigins(port: number): string[] {
  return LOOPBACK_NAMES.map((h) => `http://${h}:${port}`);
}

export function checkAccess(req: IncomingMessage, policy: AccessPolicy): AccessVerdict {
  const port = policy.port();
  const host = req.headers.host ?? '';
  if (!LOOPBACK_NAMES.some((h) => host === `${h}:${port}`)) {
    return { ok: false, reason: 'Host header is not this server' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) {
    return { ok: false, reason: 'Origin is not this server' };
  }
  const url = new URL(req.url ?? '/', `http://${host}`);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameSecret(fromQuery, policy.token))
    return { ok: true, viaQuery: true };
  const fromCookie = readCookie(req.headers.cookie, cookieName(port));
  if (fromCookie !== null && sameSecret(fromCookie, policy.token))
    return { ok: true, viaQuery: false };
  return { ok: false, reason: 'missing or wrong token' };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
