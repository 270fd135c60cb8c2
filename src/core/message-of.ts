/**
 * The words of anything thrown: an Error's message, anything else as a string. The one error-to-text below the
 * pages; the pages' `errorText` (src/ui/i18n.ts) shows an error's `localised` message first and falls back to this.
 */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
