// Any thrown value as a sentence for the user.
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
