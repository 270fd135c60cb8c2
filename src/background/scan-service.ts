import { applyBackdoors, mergeBackdoors, type StoredBackdoors } from '../core/backdoors';
import { checklistKeysFor } from '../core/checklist';
import { countsOnBadge, reconcileWarnings } from '../core/evaluate';
import { judge } from '../core/incident';
import { countedIncidents, incidentsOfWarnings } from '../core/incidents';
import { mergeSessions, newLogins } from '../core/ingest';
import { messageOf } from '../core/message-of';
import type { GeoLookup, RuleContext } from '../core/rules/rule';
import { cleanText } from '../core/text';
import { findTrustedDevice } from '../core/trust';
import type { Account, ExtractedScan, StoredLogin, StoredSession, StoredWarning } from '../core/types';
import type { Settings } from '../shared/settings';
import { pruneBackdoors } from './backdoor-retention';
import {
  type AccountData,
  allAccounts,
  countAccounts,
  countOpen,
  type Db,
  otherSummaries,
  putWarnings,
  readAccount,
  readBackdoors,
  recordStorageProblem,
  unjudgedStamps,
  writeJudgement,
  writeScan,
} from './db';
import type { AccountSummary } from './db-schema';
import { getGeo } from './geo-data';
import { hashBackdoors, identitySecret } from './identity';
import { CAPS, type Caps, MAX_ACCOUNTS, pruneAfterScan } from './retention';
import { sameExcept, stampName, summaryOf, withWarnings } from './summary';

const DAY = 86_400_000;

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
  geo: GeoLookup,
  timeZone?: string,
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
    ...(settings.enabledRules ? { enabledRules: settings.enabledRules } : {}),
    otherAccounts,
    geo,
    // Read when a rule asks: the first Intl call of a worker loads ICU's zone data (about 10 ms), and a page of
    // sessions alone (no sign-in history) has no rule that needs the hour of day.
    get timeZone() {
      return timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    },
  };
}

/**
 * What the rules judge of an account's keys, calls and whitelist: the stored lists, when each was first shown, and
 * the imported checklist's keys for it. Assigned onto a context (never spread: its time zone is a lazy getter).
 */
function withBackdoors(ctx: RuleContext, backdoors: StoredBackdoors, settings: Settings): RuleContext {
  const checklistApiKeys = checklistKeysFor(settings.checklist, ctx.account);
  return Object.assign(ctx, {
    apiKeys: backdoors.apiKeys,
    apiCalls: backdoors.apiCalls,
    whitelist: backdoors.whitelist,
    backdoorBaselines: backdoors.baselines,
    ...(checklistApiKeys ? { checklistApiKeys } : {}),
  });
}

/**
 * Live untrusted sessions of every other account, for the cross-account rule. Logins are left out: the rule
 * compares sessions only, and reading every account's history on each scan would grow without bound.
 */
async function otherAccountsFor(db: Db, accountId: string, settings: Settings): Promise<RuleContext['otherAccounts']> {
  const out: RuleContext['otherAccounts'] = [];
  // Stamps are not applied: the rule reads devices and addresses, not observation times.
  const [accounts, summaries] = await Promise.all([allAccounts(db), otherSummaries(db, accountId)]);
  const sessionsOf = new Map(summaries.map((s) => [s.accountId, s.sessions]));
  for (const account of accounts) {
    if (account.id === accountId) continue;
    const sessions = (sessionsOf.get(account.id) ?? []).filter(
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

/**
 * When the user last looked and when a background check last did. Accounts stored before background checks have
 * neither: every scan then was the user's, so their lastScanAt is the user's until a check moves it.
 */
function whoScanned(
  before: Account | undefined,
  isBackgroundCheck: boolean,
  now: number,
): Pick<Account, 'lastUserScanAt' | 'lastCheckedAt'> {
  if (!isBackgroundCheck)
    return { lastUserScanAt: now, ...(before?.lastCheckedAt ? { lastCheckedAt: before.lastCheckedAt } : {}) };
  const byUser = before?.lastUserScanAt ?? (before?.lastCheckedAt === undefined ? before?.lastScanAt : undefined);
  return { ...(byUser !== undefined ? { lastUserScanAt: byUser } : {}), lastCheckedAt: now };
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
  caps: Caps = CAPS,
): Promise<RecordResult> {
  const accountId = accountIdFor(siteId, scan.accountHint);
  const data: AccountData = await readAccount(db, accountId);
  const isFirstScan = !data.account;
  if (isFirstScan && (await countAccounts(db)) >= MAX_ACCOUNTS) {
    throw new Error(`Already watching ${MAX_ACCOUNTS} accounts: remove one before adding another`);
  }
  // Keys, calls and whitelist entries: hashed under the install's secret before any transaction of the scan opens
  // (crypto is not IndexedDB work), merged into the account's history, written with the scan.
  const storedBackdoors = await readBackdoors(db, data.account, accountId);
  const hasBackdoorLists = scan.hasApiKeyList || scan.hasApiCallList || scan.hasWhitelist;
  // Calls older than the retention were deleted on purpose: a log still listing them must not bring them back.
  const oldest = settings.retentionDays > 0 ? now - settings.retentionDays * DAY : Number.NEGATIVE_INFINITY;
  const calls = scan.apiCalls?.filter((c) => (c.time ?? now) >= oldest);
  const listed = { ...scan, ...(calls ? { apiCalls: calls } : {}) };
  const backdoorMerge = hasBackdoorLists
    ? mergeBackdoors(storedBackdoors, scan, await hashBackdoors(await identitySecret(db, now), listed), accountId, now)
    : undefined;
  const backdoors = backdoorMerge ? applyBackdoors(storedBackdoors, backdoorMerge) : storedBackdoors;
  const hasBaselines = Object.keys(backdoors.baselines).length > 0;
  const account: Account = {
    id: accountId,
    siteId,
    hint: cleanText(scan.accountHint ?? '', 200) || 'default',
    firstScanAt: data.account?.firstScanAt ?? now,
    lastScanAt: now,
    lastReviewedAt: data.account?.lastReviewedAt,
    scanCount: (data.account?.scanCount ?? 0) + 1,
    ...whoScanned(data.account, scan.isBackgroundCheck === true, now),
    ...(hasBaselines ? { backdoorBaselines: backdoors.baselines } : {}),
  };
  const stored = data.summary.sessions;
  const merged = mergeSessions(stored, scan, accountId, now);
  // Rows older than the retention were deleted on purpose; a page still listing them must not bring them back.
  const cutoff = settings.retentionDays > 0 ? now - settings.retentionDays * DAY : -Infinity;
  const added = newLogins(data.loginKeys, scan, accountId, now)
    .filter((l) => (l.time ?? now) >= cutoff)
    .map((l) => (scan.isBackgroundCheck ? { ...l, isFromBackgroundCheck: true } : l));

  const sessions = new Map(stored.map((s) => [s.key, s]));
  for (const s of merged.upserts) sessions.set(s.key, s);
  const previousSession = new Map(stored.map((s) => [s.key, s]));
  // Seen again unchanged is not a change: the stamp carries the new lastObservedAt.
  const areSessionsChanged =
    !data.isSummaryStored ||
    merged.upserts.some((s) => {
      const prev = previousSession.get(s.key);
      return !prev || !sameExcept(prev, s, scan.hasSessionList ? ['lastObservedAt'] : []);
    });
  // Whether the session was in the summary's live list already; a new account has no gone rows to replace.
  const wasLive = (key: string) => {
    const prev = previousSession.get(key);
    return isFirstScan || (prev !== undefined && prev.goneAt === undefined);
  };
  const sessionsAt = scan.hasSessionList ? now : data.stamp?.sessionsAt;
  // What the page showed is stored first, in a transaction of its own: it is the observation, and the longer part
  // (every rule over the account, and on a worker's first scan reading the data tables) follows. The warnings
  // are written right after in a second transaction; until then the stamp says the scan awaits its judging, so
  // a worker stopped in between judges the account when it starts again (judgeUnjudged).
  const liveSessions = areSessionsChanged
    ? summaryOf(accountId, [...sessions.values()], data.summary.warnings)
    : undefined;
  try {
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
        ...(scan.isBackgroundCheck ? { isBackgroundCheck: true } : {}),
      },
      goneSessions: merged.upserts.filter((s) => s.goneAt !== undefined),
      liveAgainKeys: merged.upserts.filter((s) => s.goneAt === undefined && !wasLive(s.key)).map((s) => s.key),
      logins: added,
      resolvedWarnings: [],
      unresolvedAgainIds: [],
      ...(liveSessions ? { summary: liveSessions } : {}),
      stamp: { name: stampName(accountId), sessionsAt, judgedAt: data.stamp?.judgedAt ?? 0, scannedAt: now },
      ...(backdoorMerge?.isChanged ? { backdoors: backdoorMerge } : {}),
    });
  } catch (err) {
    const message = storageFailure(err, siteId);
    await recordStorageProblem(db, message, now);
    throw new Error(message);
  }

  const ctx = withBackdoors(
    contextFor(
      account,
      [...sessions.values()],
      [...data.logins, ...added],
      settings,
      now,
      isFirstScan ? [] : merged.newKeys,
      isFirstScan,
      await otherAccountsFor(db, accountId, settings),
      // The worker's first judging reads the data tables here, after the scan is stored.
      await getGeo(),
    ),
    backdoors,
    settings,
  );
  const { upserts, raised } = reconcileWarnings(data.summary.warnings, judge(ctx), accountId, now);
  const previousWarning = new Map(data.summary.warnings.map((w) => [w.id, w]));
  // Raised again unchanged is not a change: the stamp carries the new lastRaisedAt.
  const areWarningsChanged =
    !data.isSummaryStored ||
    upserts.some((w) => {
      const prev = previousWarning.get(w.id);
      return !prev || !sameExcept(prev, w, ['lastRaisedAt']);
    });
  const summary = areWarningsChanged
    ? withWarnings(liveSessions ?? summaryOf(accountId, [...sessions.values()], data.summary.warnings), upserts)
    : undefined;
  try {
    await writeJudgement(db, {
      resolvedWarnings: upserts.filter((w) => w.state === 'resolved'),
      unresolvedAgainIds: isFirstScan
        ? []
        : upserts.filter((w) => w.state !== 'resolved' && !previousWarning.has(w.id)).map((w) => w.id),
      ...(summary ? { summary } : {}),
      stamp: { name: stampName(accountId), sessionsAt, judgedAt: now },
    });
  } catch (err) {
    const message = judgingFailure(err, siteId);
    await recordStorageProblem(db, message, now);
    throw new Error(message);
  }
  await pruneAfterScan(db, accountId, settings.retentionDays, now, caps);
  if (hasBackdoorLists) await pruneBackdoors(db, accountId, settings.retentionDays, now);
  // The same stranger on another account: that account's judgement changes too (its cross-account finding), so it
  // is judged again now, and the popup agrees with a judging of everything (the audit).
  for (const other of touchedAccounts(upserts, accountId)) {
    const account = (await allAccounts(db)).find((a) => a.id === other);
    if (!account) continue;
    const judged = await judgeAsStored(db, account, settings, now, false);
    await putWarnings(db, judged.result.upserts);
    raised.push(...judged.result.raised);
  }
  const open = upserts.filter((w) => w.state === 'open').length;
  return {
    accountId,
    newSessions: merged.newKeys.length,
    goneSessions: merged.goneKeys.length,
    openWarnings: open,
    raised,
  };
}

/** Accounts an open cross-account finding names, besides the one judged. */
function touchedAccounts(warnings: StoredWarning[], accountId: string): Set<string> {
  const out = new Set<string>();
  for (const w of warnings) {
    if (w.state !== 'open') continue;
    for (const r of w.reasons ?? [w]) {
      const other = r.evidence.otherAccount;
      if (r.rule === 'cross-account' && typeof other === 'string' && other !== accountId) out.add(other);
    }
  }
  return out;
}

/** What the user reads when a scan could not be saved: what happened, that nothing was lost, what to do. */
export function storageFailure(err: unknown, siteId: string): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'QuotaExceededError') {
    return `Storage is full: the last scan of ${siteId} was not saved. Everything stored before is kept. Free some disk space, or set a shorter retention in Options.`;
  }
  const detail = messageOf(err);
  return `The last scan of ${siteId} could not be saved (${cleanText(detail, 200)}). Everything stored before is kept.`;
}

/**
 * Judges the accounts whose last scan was stored but never judged: the worker was stopped between the scan's
 * transaction and its judging's (recordScan). Run when the worker starts, before it answers anything.
 */
export async function judgeUnjudged(db: Db, settings: Settings, now: number): Promise<StoredWarning[]> {
  const raised: StoredWarning[] = [];
  for (const stamp of await unjudgedStamps(db)) {
    const accountId = stamp.name.slice('seen:'.length);
    const account = (await allAccounts(db)).find((a) => a.id === accountId);
    if (!account) continue;
    // Which sessions were new at that scan is not kept: they are judged as known ones (still unknown devices).
    const { data, result } = await judgeAsStored(db, account, settings, now, account.scanCount === 1);
    const before = new Set(data.summary.warnings.map((w) => w.id));
    await writeJudgement(db, {
      resolvedWarnings: result.upserts.filter((w) => w.state === 'resolved'),
      unresolvedAgainIds: result.upserts.filter((w) => w.state !== 'resolved' && !before.has(w.id)).map((w) => w.id),
      summary: withWarnings(data.summary, result.upserts),
      stamp: { name: stamp.name, sessionsAt: stamp.sessionsAt, judgedAt: now },
    });
    raised.push(...result.raised);
  }
  return raised;
}

/**
 * Every rule over an account as stored, its warnings reconciled. `newSessionKeys` are the sessions its last scan
 * found new (the audit passes them from the scan records; the worker's restart has none kept); `timeZone` the zone
 * the hour-of-day rules judge in (the worker's own when absent).
 */
async function judgeAsStored(
  db: Db,
  account: Account,
  settings: Settings,
  now: number,
  isFirstScan: boolean,
  newSessionKeys: string[] = [],
  timeZone?: string,
) {
  const data = await readAccount(db, account.id);
  const others = await otherAccountsFor(db, account.id, settings);
  const backdoors = await readBackdoors(db, data.account ?? account, account.id);
  const ctx = contextFor(
    account,
    data.summary.sessions,
    data.logins,
    settings,
    now,
    newSessionKeys,
    isFirstScan,
    others,
    await getGeo(),
    timeZone,
  );
  withBackdoors(ctx, backdoors, settings);
  return { data, result: reconcileWarnings(data.summary.warnings, judge(ctx), account.id, now) };
}

/** What the user reads when a stored scan's warnings could not be saved: the scan is kept and judged again. */
export function judgingFailure(err: unknown, siteId: string): string {
  const detail = messageOf(err);
  return `The warnings of the last scan of ${siteId} could not be saved (${cleanText(detail, 200)}). The scan is kept and is judged again when the extension next starts.`;
}

export interface ReevaluateOptions {
  /** The zone the hour-of-day rules judge in; the worker's own when absent. */
  timeZone?: string;
  /** Per account, the sessions its last scan found new ("new since your last visit"). */
  newSessionKeys?: (accountId: string) => string[];
}

/** Judges every account again (after the user changed trusted devices or thresholds; the audit). */
export async function reevaluateAll(
  db: Db,
  settings: Settings,
  now: number,
  options: ReevaluateOptions = {},
): Promise<StoredWarning[]> {
  const raised: StoredWarning[] = [];
  for (const account of await allAccounts(db)) {
    const { result } = await judgeAsStored(
      db,
      account,
      settings,
      now,
      false,
      options.newSessionKeys?.(account.id) ?? [],
      options.timeZone,
    );
    await putWarnings(db, result.upserts);
    raised.push(...result.raised);
  }
  return raised;
}

/**
 * Open high and medium incidents (src/core/incidents.ts: one stored warning per intruder), as the popup's cards
 * count them. Low ones are notes the popup counts apart.
 */
export function countedIncidentsOf(summary: Pick<AccountSummary, 'accountId' | 'warnings' | 'sessions'>): number {
  // The sessions an incident is about do not change the count.
  return countedIncidents(incidentsOfWarnings(summary.accountId, summary.warnings.filter(countsOnBadge), [])).length;
}

export async function badgeCount(db: Db): Promise<number> {
  return countOpen(db, countedIncidentsOf);
}
