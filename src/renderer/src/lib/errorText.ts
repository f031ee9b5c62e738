// Any thrown value as a sentence for the user, and its error code when main gave one.
import type { ErrorCode } from '../../../shared/errors';
import { isErrorCode } from '../../../shared/errors';

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function errorCode(e: unknown): ErrorCode | null {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return isErrorCode(code) ? code : null;
}
