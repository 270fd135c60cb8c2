import { CHECK_LOG_KEY, SETTINGS_KEY } from '../shared/storage-keys';
import { nativeApi } from './native-api';

/**
 * The stored settings and check log as they are, unparsed: what the overview reads besides the database, for the
 * kept overview's print (src/background/overview-print.ts). Apart from storage.ts, as data-changed.ts is: the
 * worker's first script reads them without the settings' schemas, and without the polyfill (native-api.ts).
 */
export async function loadOverviewInputs(): Promise<unknown> {
  const got = await nativeApi().storage.local.get([SETTINGS_KEY, CHECK_LOG_KEY]);
  return [got[SETTINGS_KEY], got[CHECK_LOG_KEY]];
}
