import type { StoredApiCall, StoredApiKey, StoredWhitelistEntry } from '../types';
import { base, type Case, MAC, VPS } from './intruder-cases';
import type { RuleContext } from './rule';
import { ACCOUNT_ID, DAY, HOUR, NOW, session } from './test-helpers';

// What an intruder leaves behind, and the user's own keys and addresses that look closest to it. The lists were
// first shown a month ago (the baseline); "new" is first seen since.
export const BASELINE = NOW - 30 * DAY;
const HOME = '81.2.69.142';
const HOME_OTHER = '81.2.69.200';
const LAGOS = '102.89.0.1';

export function apiKey(k: Partial<StoredApiKey> & { label: string }): StoredApiKey {
  const hash = `h-${k.label.toLowerCase().replace(/\W+/g, '-')}`;
  return {
    id: `${ACCOUNT_ID}|${hash}`,
    accountId: ACCOUNT_ID,
    keyHash: hash,
    refs: [hash, `${hash}-label`],
    masked: 'vmPU…Xyz9',
    permissions: ['read'],
    firstSeenAt: BASELINE,
    lastSeenAt: NOW,
    ...k,
  };
}

let calls = 0;
export function apiCall(key: StoredApiKey, c: Partial<StoredApiCall> & { ip: string }): StoredApiCall {
  calls++;
  return {
    id: `${ACCOUNT_ID}|call${calls}`,
    accountId: ACCOUNT_ID,
    keyRefs: [key.keyHash],
    time: NOW - HOUR,
    action: 'order',
    firstSeenAt: NOW,
    ...c,
  };
}

export function address(w: Partial<StoredWhitelistEntry> = {}): StoredWhitelistEntry {
  return {
    id: `${ACCOUNT_ID}|addr1`,
    accountId: ACCOUNT_ID,
    addressHash: 'addr1',
    masked: 'bc1q…7k2m',
    label: 'Cold wallet',
    coin: 'BTC',
    network: 'Bitcoin',
    firstSeenAt: NOW,
    lastSeenAt: NOW,
    ...w,
  };
}

const baselines = { apiKeys: BASELINE, apiCalls: BASELINE, whitelist: BASELINE };
export const withBackdoors = (c: Partial<RuleContext>): RuleContext =>
  base({ backdoorBaselines: baselines, sessions: [homeSession()], ...c });
const homeSession = () => session({ device: MAC, ip: HOME, isCurrent: true, firstSeen: NOW - 3 * DAY });

/** A key made today with the right to withdraw. */
const botKey = (k: Partial<StoredApiKey> = {}) =>
  apiKey({ label: 'Trading Bot', permissions: ['read', 'trade', 'withdraw'], firstSeenAt: NOW, ...k });
const intruderOnVps = session({ device: 'Firefox 128 (Linux)', ip: VPS, firstSeen: NOW - 2 * HOUR });
const checklist = [{ label: 'Trading Bot', permissions: ['spot_read', 'spot_trade'] }];
const restricted = apiKey({ label: 'Trading Bot', permissions: ['read', 'trade'], ipRestriction: ['81.2.69.0/24'] });
const open = apiKey({ label: 'Trading Bot', permissions: ['read', 'trade'], unrestricted: true });

const pair = (klass: string, takeover: [string, RuleContext], benign: [string, RuleContext]): Case[] => [
  { label: `${klass}: ${takeover[0]}`, isTakeover: true, c: takeover[1] },
  { label: `${klass}: ${benign[0]}`, isTakeover: false, c: benign[1], atMost: 'low' },
];

export const backdoorCases: Case[] = [
  ...pair(
    'a new API key',
    [
      'a key with withdraw rights appeared since the last visit, nobody confirmed it',
      withBackdoors({ apiKeys: [botKey()] }),
    ],
    [
      'the user made it on the trusted Mac and said "I added it"',
      withBackdoors({ apiKeys: [botKey({ confirmedAt: NOW })] }),
    ],
  ),
  ...pair(
    'a key made during an intrusion',
    [
      'the checklist names the label, but a stranger on a rented server was signed in as it was made',
      withBackdoors({
        apiKeys: [botKey({ permissions: ['read', 'trade'], createdAt: NOW - HOUR })],
        sessions: [homeSession(), intruderOnVps],
        checklistApiKeys: checklist,
      }),
    ],
    [
      'the checklist names it with these rights, made while only the trusted Mac was signed in',
      withBackdoors({
        apiKeys: [botKey({ permissions: ['read', 'trade'], createdAt: NOW - HOUR })],
        checklistApiKeys: checklist,
      }),
    ],
  ),
  ...pair(
    'an API call outside the key restriction',
    [
      'the bot key restricted to home was called from a rented server',
      withBackdoors({
        apiKeys: [restricted],
        apiCalls: [apiCall(restricted, { ip: VPS })],
        checklistApiKeys: checklist,
      }),
    ],
    [
      'the bot key called from home, inside its restriction',
      withBackdoors({
        apiKeys: [restricted],
        apiCalls: [apiCall(restricted, { ip: HOME_OTHER })],
        checklistApiKeys: checklist,
      }),
    ],
  ),
  ...pair(
    'an API call from a new provider',
    [
      'a key that called from home for a month is called from a Lagos provider',
      withBackdoors({
        apiKeys: [open],
        apiCalls: [apiCall(open, { ip: HOME, firstSeenAt: BASELINE }), apiCall(open, { ip: LAGOS })],
        checklistApiKeys: checklist,
      }),
    ],
    [
      'the same key called from another address of the home provider',
      withBackdoors({
        apiKeys: [open],
        apiCalls: [apiCall(open, { ip: HOME, firstSeenAt: BASELINE }), apiCall(open, { ip: HOME_OTHER })],
        checklistApiKeys: checklist,
      }),
    ],
  ),
  ...pair(
    'a withdrawal address',
    ['an address added since the last visit', withBackdoors({ whitelist: [address()] })],
    ['the user said "I added it"', withBackdoors({ whitelist: [address({ confirmedAt: NOW })] })],
  ),
];

/** Findings that are notes, not takeovers: an old key's rights, a trading key open to any address. */
export const backdoorNotes: RuleContext[] = [
  withBackdoors({
    apiKeys: [apiKey({ label: 'Old', permissions: ['read', 'margin'] }), apiKey({ label: 'Bare', permissions: [] })],
    checklistApiKeys: checklist,
  }),
  withBackdoors({ apiKeys: [apiKey({ label: 'Old', permissions: ['withdraw', 'transfer'] })] }),
  withBackdoors({ apiKeys: [apiKey({ label: 'Open', permissions: ['trade'], unrestricted: true })] }),
];
