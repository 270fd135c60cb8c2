import { cleanText, foldText } from './text';
import type {
  BackdoorBaselines,
  ExtractedApiCall,
  ExtractedApiKey,
  ExtractedScan,
  ExtractedWhitelistEntry,
  StoredApiCall,
  StoredApiKey,
  StoredWhitelistEntry,
} from './types';

/**
 * What an intruder leaves behind besides a session (API keys, the calls made with them, withdrawal addresses), as
 * history per account. Pure: the worker computes the keyed hashes (it holds the secret) and hands them in with the
 * rows; nothing here sees a secret, and nothing returned holds the page's key or address text whole.
 */

/** The text that names a key or address, as the identity hash is taken of it: no spaces, case kept (keys are). */
export function identityText(text: string | undefined): string {
  return cleanText(text ?? '', 200).replace(/\s+/g, '');
}

/** A label as a log may name a key by it: folded, so "Trading Bot" and "trading bot" are one. */
export const labelText = (label: string): string => `label:${foldText(label)}`;

/**
 * A form safe to keep and show: the first and last four characters around an ellipsis, whatever the page showed
 * (a full key, an address, or its own masked form). Short texts keep less, so at most half is ever shown.
 */
export function maskSecret(text: string | undefined): string | undefined {
  const t = identityText(text);
  if (!t) return undefined;
  const keep = t.length >= 16 ? 4 : t.length >= 8 ? 2 : t.length >= 4 ? 1 : 0;
  return keep ? `${t.slice(0, keep)}…${t.slice(-keep)}` : '…';
}

/** A row of the page with the keyed hashes the worker computed for it. */
export interface HashedKey {
  row: ExtractedApiKey;
  /** The hash of the key text, or of the label when there is none. */
  keyHash: string;
  refs: string[];
}
export interface HashedCall {
  row: ExtractedApiCall;
  callHash: string;
  keyRefs: string[];
}
export interface HashedWhitelistEntry {
  row: ExtractedWhitelistEntry;
  addressHash: string;
}

/** The texts the worker hashes for each row (the content of `identityText`/`labelText`, never stored). */
export const keyIdentityText = (k: ExtractedApiKey): string =>
  identityText(k.keyText) ? `key:${identityText(k.keyText)}` : labelText(k.label);
export const keyRefTexts = (k: ExtractedApiKey): string[] => [
  ...(identityText(k.keyText) ? [`key:${identityText(k.keyText)}`] : []),
  labelText(k.label),
];
/** A log row names its key by key text or by label: both readings are hashed, and either may match a key's refs. */
export const callRefTexts = (c: ExtractedApiCall): string[] =>
  identityText(c.keyText) ? [`key:${identityText(c.keyText)}`, labelText(c.keyText ?? '')] : [];
export const callIdentityText = (c: ExtractedApiCall): string =>
  [
    c.time === undefined ? '' : String(Math.floor(c.time / 60_000)),
    identityText(c.keyText),
    foldText(c.ip ?? ''),
    foldText(c.action ?? ''),
  ].join('|');
export const whitelistIdentityText = (w: ExtractedWhitelistEntry): string =>
  identityText(w.addressText)
    ? `addr:${foldText(w.network ?? '')}|${identityText(w.addressText)}`
    : `row:${foldText(w.label ?? '')}|${foldText(w.coin ?? '')}|${foldText(w.network ?? '')}`;

export interface BackdoorMerge {
  apiKeys: StoredApiKey[];
  apiCalls: StoredApiCall[];
  whitelist: StoredWhitelistEntry[];
  baselines: BackdoorBaselines;
  /** Whether anything above differs from what was stored (else nothing is written). */
  isChanged: boolean;
}

export interface StoredBackdoors {
  apiKeys: StoredApiKey[];
  apiCalls: StoredApiCall[];
  whitelist: StoredWhitelistEntry[];
  baselines: BackdoorBaselines;
}

/**
 * Merges one visit's lists into the account's history. A list the page did not show changes nothing; a list it
 * showed (even empty) marks what it no longer holds deleted (keys) or removed (addresses), and brings back what
 * shows again. Calls are kept once by their hash. Answers only the records that changed, plus the baselines.
 */
export function mergeBackdoors(
  stored: StoredBackdoors,
  scan: Pick<ExtractedScan, 'hasApiKeyList' | 'hasApiCallList' | 'hasWhitelist'>,
  rows: { apiKeys: HashedKey[]; apiCalls: HashedCall[]; whitelist: HashedWhitelistEntry[] },
  accountId: string,
  now: number,
): BackdoorMerge {
  const baselines = { ...stored.baselines };
  const apiKeys: StoredApiKey[] = [];
  const apiCalls: StoredApiCall[] = [];
  const whitelist: StoredWhitelistEntry[] = [];
  if (scan.hasApiKeyList) {
    baselines.apiKeys ??= now;
    const byId = new Map(stored.apiKeys.map((k) => [k.id, k]));
    const seen = new Set<string>();
    for (const { row, keyHash, refs } of rows.apiKeys) {
      const id = `${accountId}|${keyHash}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const prev = byId.get(id);
      const masked = maskSecret(row.keyText);
      const { deletedAt: _gone, ...kept } = prev ?? ({} as Partial<StoredApiKey>);
      apiKeys.push({
        ...kept,
        id,
        accountId,
        keyHash,
        refs: [...new Set([...(prev?.refs ?? []), ...refs])].slice(0, 8),
        label: cleanText(row.label, 100),
        ...(masked ? { masked } : {}),
        permissions: [...new Set(row.permissions)],
        ...(row.ipRestriction ? { ipRestriction: row.ipRestriction.slice(0, 100) } : {}),
        ...(row.unrestricted !== undefined ? { unrestricted: row.unrestricted } : {}),
        ...((row.createdAt ?? prev?.createdAt) !== undefined ? { createdAt: row.createdAt ?? prev?.createdAt } : {}),
        ...(row.status ? { status: row.status } : {}),
        firstSeenAt: prev?.firstSeenAt ?? now,
        lastSeenAt: now,
      });
    }
    for (const k of stored.apiKeys)
      if (!seen.has(k.id) && k.deletedAt === undefined) apiKeys.push({ ...k, deletedAt: now });
  }
  if (scan.hasApiCallList) {
    baselines.apiCalls ??= now;
    const known = new Set(stored.apiCalls.map((c) => c.id));
    for (const { row, callHash, keyRefs } of rows.apiCalls) {
      const id = `${accountId}|${callHash}`;
      if (known.has(id)) continue;
      known.add(id);
      const keyMasked = maskSecret(row.keyText);
      apiCalls.push({
        id,
        accountId,
        ...(keyRefs.length ? { keyRefs: keyRefs.slice(0, 2) } : {}),
        ...(keyMasked ? { keyMasked } : {}),
        ...(row.time !== undefined ? { time: row.time } : {}),
        ...(row.ip ? { ip: cleanText(row.ip, 64) } : {}),
        ...(row.action ? { action: cleanText(row.action, 64) } : {}),
        firstSeenAt: now,
      });
    }
  }
  if (scan.hasWhitelist) {
    baselines.whitelist ??= now;
    const byId = new Map(stored.whitelist.map((w) => [w.id, w]));
    const seen = new Set<string>();
    for (const { row, addressHash } of rows.whitelist) {
      const id = `${accountId}|${addressHash}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const prev = byId.get(id);
      const { removedAt: _gone, ...kept } = prev ?? ({} as Partial<StoredWhitelistEntry>);
      const masked = maskSecret(row.addressText);
      whitelist.push({
        ...kept,
        id,
        accountId,
        addressHash,
        ...(masked ? { masked } : {}),
        ...(row.label ? { label: cleanText(row.label, 100) } : {}),
        ...(row.coin ? { coin: cleanText(row.coin, 64) } : {}),
        ...(row.network ? { network: cleanText(row.network, 64) } : {}),
        ...((row.addedAt ?? prev?.addedAt) !== undefined ? { addedAt: row.addedAt ?? prev?.addedAt } : {}),
        firstSeenAt: prev?.firstSeenAt ?? now,
        lastSeenAt: now,
      });
    }
    for (const w of stored.whitelist)
      if (!seen.has(w.id) && w.removedAt === undefined) whitelist.push({ ...w, removedAt: now });
  }
  const isChanged =
    apiKeys.length > 0 ||
    apiCalls.length > 0 ||
    whitelist.length > 0 ||
    baselines.apiKeys !== stored.baselines.apiKeys ||
    baselines.apiCalls !== stored.baselines.apiCalls ||
    baselines.whitelist !== stored.baselines.whitelist;
  return { apiKeys, apiCalls, whitelist, baselines, isChanged };
}

/** The stored lists with a merge's changed records applied: what the rules judge. */
export function applyBackdoors(stored: StoredBackdoors, m: BackdoorMerge): StoredBackdoors {
  const put = <T extends { id: string }>(rows: T[], changed: T[]) => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of changed) byId.set(r.id, r);
    return [...byId.values()];
  };
  return {
    apiKeys: put(stored.apiKeys, m.apiKeys),
    apiCalls: put(stored.apiCalls, m.apiCalls),
    whitelist: put(stored.whitelist, m.whitelist),
    baselines: m.baselines,
  };
}
