import { KEPT_OVERVIEW_KEY } from '../shared/kept-overview';
import { DB_NAME } from './db-name';

/**
 * What the kept overview (src/shared/kept-overview.ts) was computed from, as one short text: the database's
 * version, and a hash of the three stores the overview shows (accounts; summaries, the live sessions and open
 * warnings; meta, their seen stamps) and of the stored settings and check log it reads. The worker's first script
 * answers from the copy only when the print it reads now is the one the copy was made with, so a change that did
 * not go through the worker (a test or a tool writing the database) is never hidden behind an old copy. The
 * learning flags (whether an account has enough sign-ins) are the one part not covered: they only turn off, and
 * only a scan, which forgets the copy, adds sign-ins.
 */
export const PRINTED_STORES = ['accounts', 'summaries', 'meta'] as const;

/**
 * SHA-256 of the text, as hex: the browser's own digest (a script loop over 180 KB ran uncompiled in a just-started
 * worker and took several milliseconds). A fingerprint, not a defence against anyone.
 */
async function hashOf(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Opens the database as it is, never creating it (an open that creates would leave an empty version 1 behind). */
function openAsItIs(): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(DB_NAME);
    } catch {
      resolve(undefined);
      return;
    }
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(undefined);
    req.onblocked = () => resolve(undefined);
  });
}

/**
 * The kept overview and the print of the database as it is now with `stored` (the settings and check log as storage
 * holds them), read in one transaction, so the two are of the same moment. `print` is undefined when the database
 * cannot be read as the worker keeps it. `stored` is asked for while the database opens.
 */
export async function readKeptOverview(
  stored: Promise<unknown>,
): Promise<{ kept: unknown; print: string | undefined }> {
  const db = await openAsItIs();
  if (!db) return { kept: undefined, print: undefined };
  try {
    if (![...PRINTED_STORES, 'kept'].every((s) => db.objectStoreNames.contains(s))) {
      return { kept: undefined, print: undefined };
    }
    const tx = db.transaction([...PRINTED_STORES, 'kept'], 'readonly');
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const [kept, ...records] = await Promise.all([
      request(tx.objectStore('kept').get(KEPT_OVERVIEW_KEY)),
      ...PRINTED_STORES.map((store) => request(tx.objectStore(store).getAll())),
    ]);
    return { kept, print: `${db.version}:${await hashOf(JSON.stringify([records, await stored]))}` };
  } catch {
    return { kept: undefined, print: undefined };
  } finally {
    db.close();
  }
}
