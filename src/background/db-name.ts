/** The worker's database, in a module of its own: the worker's first script opens it without the schemas. */
export const DB_NAME = 'session-watchdog';
