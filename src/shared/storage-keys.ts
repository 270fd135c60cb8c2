/**
 * The storage.local keys, in a module of their own with no imports: a page that only follows changes (the popup)
 * must not load the schemas that read what is under them.
 */
export const SETTINGS_KEY = 'settings';
export const EMERGENCY_KEY = 'emergency';
/** Bumped by the worker after every change to what the pages show; the value itself means nothing. */
export const DATA_REVISION_KEY = 'dataRevision';
/** The background checks' log (src/shared/check-log.ts reads it). */
export const CHECK_LOG_KEY = 'backgroundCheckLog';
