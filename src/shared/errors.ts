// Error codes every layer uses. Errors cross transports as data ({ code, message }), never by
// instanceof, so the renderer can react to a code without knowing which layer raised it.

export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_STATE',
  'NOT_FOUND',
  'CONFLICT',
  'AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_MISMATCH',
  'DISCONNECTED',
  'UNSUPPORTED',
  'HOST_ERROR',
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Where in a request the problem is, e.g. `spec.name`. */
  path?: string;
}

export class VirtdeskError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'VirtdeskError';
    this.code = code;
    this.path = path;
  }

  toWire(): WireError {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }

  static fromWire(e: WireError): VirtdeskError {
    return new VirtdeskError(e.code, e.message, e.path);
  }
}

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}

/** Any thrown value as wire data; unknown errors become INTERNAL without leaking stack traces. */
export function toWireError(e: unknown): WireError {
  if (e instanceof VirtdeskError) return e.toWire();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message };
}
