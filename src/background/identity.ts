import {
  callIdentityText,
  callRefTexts,
  type HashedCall,
  type HashedKey,
  type HashedWhitelistEntry,
  keyIdentityText,
  keyRefTexts,
  whitelistIdentityText,
} from '../core/backdoors';
import type { ExtractedScan } from '../core/types';
import type { Db } from './db';

/**
 * The keyed hashes that identify API keys, calls and withdrawal addresses across visits without keeping their text:
 * HMAC-SHA-256 under a random secret made once per install and kept in the worker's database (meta
 * `identitySecret`). A copy of the database without the secret cannot be tested against a guessed key or address.
 */
const SECRET = 'identitySecret';
const keys = new Map<string, Promise<CryptoKey>>();

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The install's secret, made on first use (in one transaction, so two scans at once agree on it). */
export async function identitySecret(db: Db, now: number): Promise<string> {
  const tx = db.transaction('meta', 'readwrite');
  const stored = await tx.store.get(SECRET);
  let secret = stored?.name === SECRET ? stored.secret : undefined;
  if (!secret) {
    secret = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    await tx.store.put({ name: SECRET, secret, at: now });
  }
  await tx.done;
  return secret;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', fromBase64(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size > 4) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

export async function keyedHash(secret: string, text: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(text));
  let hex = '';
  for (const b of new Uint8Array(mac)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** A scan's key, call and whitelist rows with their keyed hashes: what src/core/backdoors.ts merges. */
export async function hashBackdoors(
  secret: string,
  scan: Pick<ExtractedScan, 'apiKeys' | 'apiCalls' | 'whitelist'>,
): Promise<{ apiKeys: HashedKey[]; apiCalls: HashedCall[]; whitelist: HashedWhitelistEntry[] }> {
  const hash = (text: string) => keyedHash(secret, text);
  const [apiKeys, apiCalls, whitelist] = await Promise.all([
    Promise.all(
      (scan.apiKeys ?? []).map(async (row) => ({
        row,
        keyHash: await hash(keyIdentityText(row)),
        refs: await Promise.all(keyRefTexts(row).map(hash)),
      })),
    ),
    Promise.all(
      (scan.apiCalls ?? []).map(async (row) => ({
        row,
        callHash: await hash(callIdentityText(row)),
        keyRefs: await Promise.all(callRefTexts(row).map(hash)),
      })),
    ),
    Promise.all(
      (scan.whitelist ?? []).map(async (row) => ({ row, addressHash: await hash(whitelistIdentityText(row)) })),
    ),
  ]);
  return { apiKeys, apiCalls, whitelist };
}
