// What a request does once its change is in memory: wait for the write that holds it, announce the
// change, and only then answer. A failed write does not undo the change (the store keeps it in
// memory and retries with the next save, and other changes shared that write), so the change is
// still announced, the UI showing what the host now holds, but the request fails saying it was not
// saved rather than pretending success: libvirt's `define` likewise fails when it cannot write the
// XML.
import { VirtdeskError } from '../../shared/errors';

export function notSavedError(cause: unknown, what = 'The change'): VirtdeskError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new VirtdeskError(
    'HOST_ERROR',
    `${what} was made but could not be saved to disk (${reason}); it is kept in memory and ` +
      'saving is retried with the next change.',
  );
}

/** Awaits `written`, then runs `announce` whatever the outcome, then resolves or fails. */
export async function afterWrite<T>(
  written: Promise<void>,
  announce: () => T | Promise<T>,
): Promise<T> {
  let failure: { cause: unknown } | null = null;
  try {
    await written;
  } catch (cause) {
    failure = { cause };
  }
  const result = await announce();
  if (failure) throw notSavedError(failure.cause);
  return result;
}
