import { countsOnBadge, reconcileWarnings, runRules } from '../core/evaluate';
import { mergeSessions, newLogins } from '../core/ingest';
import { allRules } from '../core/rules';
import type { RuleContext } from '../core/rules/rule';
import { cleanText } from '../core/text';
import { findTrustedDevice } from '../core/trust';
import type { Account, ExtractedScan, StoredLogin, StoredSession, StoredWarning } from '../core/types';
import type { Settings } from '../shared/settings';
import {
  type AccountData,
  allAccounts,
  type Db,
  openWarnings,
  putWarnings,
  readAccount,
  sessionsOf,
  writeScan,
} from './db';
import { getGeo } from './geo-data';

export function accountIdFor(siteId: string, hint: string | undefined): string {
  const clean = cleanText(hint ?? '', 200);
  return `${siteId}:${clean || 'default'}`;
}

function contextFor(
  account: Account,
  sessions: StoredSession[],
  logins: StoredLogin[],
  settings: Settings,
  now: number,
  newSessionKeys: string[],
  isFirstScan: boolean,
  otherAccounts: RuleContext['otherAccounts'],
): RuleContext {
  return {
    now,
    account,
    sessions,
    logins: [...logins].sort((a, b) => (a.time ?? 0) - (b.time ?? 0)),
    newSessionKeys,
    isFirstScan,
    trustedDevices: settings.trustedDevices,
    schedules: settings.schedules,
    blocklist: settings.blocklist,
    thresholds: settings.thresholds,
    otherAccounts,
    geo: getGeo(),
  };
}

/**
 * Live untrusted sessions of every other account, for the cross-account rule. Logins are left out: the rule
 * compares sessions only, and reading every account's history on each scan would grow without bound.
 */
async function otherAccountsFor(db: Db, accountId: string, settings: Settings): Promise<RuleContext['otherAccounts']> {
  const out: RuleContext['otherAccounts'] = [];
  for (const account of await allAccounts(db)) {
    if (account.id === accountId) continue;
    const sessions = (await sessionsOf(db, account.id)).filter(
      (s) =>
        s.goneAt === undefined &&
        !findTrustedDevice(settings.trustedDevices, {
          accountId: account.id,
          device: s.device,
          userAgent: s.userAgent,
          ip: s.ip,
        }),
    );
    if (sessions.length) out.push({ account, sessions, logins: [] });
  }
  return out;
}

export interface RecordResult {
  accountId: string;
  newSessions: number;
  goneSessions: number;
  openWarnings: number;
  raised: StoredWarning[];
}

/** Stores one scan of a site's page and judges the account again. */
export async function recordScan(
  db: Db,
  siteId: string,
  scan: ExtractedScan,
  settings: Settings,
  now: number,
): Promise<RecordResult> {
  const accountId = accountIdFor(siteId, scan.accountHint);
  const data: AccountData = await readAccount(db, accountId);
  const isFirstScan = !data.account;
  const account: Account = {
    id: accountId,
    siteId,
    hint: cleanText(scan.accountHint ?? '', 200) || 'default',
    firstScanAt: data.account?.firstScanAt ?? now,
    lastScanAt: now,
    lastReviewedAt: data.account?.lastReviewedAt,
    scanCount: (data.account?.scanCount ?? 0) + 1,
  };
  const merged = mergeSessions(data.sessions, scan, accountId, now);
  const added = newLogins(data.loginKeys, scan, accountId, now);

  const sessions = new Map(data.sessions.map((s) => [s.key, s]));
  for (const s of merged.upserts) sessions.set(s.key, s);
  const ctx = contextFor(
    account,
    [...sessions.values()],
    [...data.logins, ...added],
    settings,
    now,
    isFirstScan ? [] : merged.newKeys,
    isFirstScan,
    await otherAccountsFor(db, accountId, settings),
  );
  const { upserts, raised } = reconcileWarnings(data.warnings, runRules(ctx, allRules), accountId, now);
  await writeScan(db, {
    account,
    scan: {
      accountId,
      at: now,
      url: scan.url,
      sessionCount: scan.sessions.length,
      loginCount: scan.logins.length,
      newSessionKeys: merged.newKeys,
      goneSessionKeys: merged.goneKeys,
    },
    sessions: merged.upserts,
    logins: added,
    warnings: upserts,
  });
  const open = upserts.filter((w) => w.state === 'open').length;
  return {
    accountId,
    newSessions: merged.newKeys.length,
    goneSessions: merged.goneKeys.length,
    openWarnings: open,
    raised,
  };
}

/** Judges every account again (after the user changed trusted devices or thresholds). */
export async function reevaluateAll(db: Db, settings: Settings, now: number): Promise<StoredWarning[]> {
  const raised: StoredWarning[] = [];
  for (const account of await allAccounts(db)) {
    const data = await readAccount(db, account.id);
    const others = await otherAccountsFor(db, account.id, settings);
    const ctx = contextFor(account, data.sessions, data.logins, settings, now, [], false, others);
    const result = reconcileWarnings(data.warnings, runRules(ctx, allRules), account.id, now);
    await putWarnings(db, result.upserts);
    raised.push(...result.raised);
  }
  return raised;
}

export async function badgeCount(db: Db): Promise<number> {
  return (await openWarnings(db)).filter(countsOnBadge).length;
}
