/**
 * The one message contract: name → who may send it → request schema → response schema.
 * The service worker checks the sender first, then parses the request, then answers
 * `{ ok: true, value } | { ok: false, error }`. The content script imports types only (zod stays out of it).
 */

import { CHECK_SCHEDULES } from '../core/background-check';
import { parseSnapshot, type SnapElement } from '../core/extract/snapshot';
import { AnswerSchema } from './answers';
import { BACKUP_CHUNK_CHARS, MAX_BACKUP_BYTES, MAX_IMPORT_CHUNKS } from './backup';
import { EmergencyChecklistSchema, EmergencyStateSchema } from './emergency';
import {
  AccountSchema,
  ApiPermissionSchema,
  StoredLoginSchema,
  StoredSessionSchema,
  StoredWarningSchema,
} from './schemas';
import { SettingsSchema } from './settings';
import { MAX_ACTIONS_PER_ACCOUNT, UserActionSchema } from './user-actions';
import { z } from './zod';
import type { ErrorMessage } from './zod-issue';

export const AccountViewSchema = z.strictObject({
  account: AccountSchema,
  siteName: z.string(),
  devicesUrl: z.string(),
  sessions: z.array(StoredSessionSchema),
  warnings: z.array(StoredWarningSchema),
  openWarningCount: z.number().int(),
  /**
   * The open incidents the card counts (high and medium; popup/incidents.ts), worked out by the worker from this
   * view's warnings and sessions: the popup's first script draws each card's count before the UI code has loaded.
   */
  incidentCount: z.number().int().min(0).optional(),
  /** Too little login history for the rules that compare with the past (new place, travel, usual 2FA): they stay quiet. */
  isLearning: z.boolean().optional(),
  /** Background checks of the account (src/core/background-check.ts): absent when never scheduled. */
  check: z
    .strictObject({
      schedule: z.enum(['off', ...CHECK_SCHEDULES]),
      lastResult: z.enum(['read', 'signed-out', 'failed']).optional(),
      lastAttemptAt: z.number().optional(),
      /** Paused after three signed-out checks in a row, until the user chooses a schedule again. */
      isPaused: z.boolean(),
    })
    .optional(),
  /**
   * Keys of live sessions an open warning gives a high signal (rented network, failed sign-ins, weaker factor,
   * another account's stranger, a copied session): "These are all mine" never ticks nor trusts them.
   */
  highSignalKeys: z.array(z.string().max(1200)).max(1000).optional(),
  /**
   * The API keys and withdrawal addresses the account's pages show now (not deleted or removed), the ones the user
   * has not confirmed first: the emergency checklist lists them, each with a way to its own delete control.
   */
  backdoors: z
    .strictObject({
      apiKeys: z
        .array(
          z.strictObject({
            id: z.string().max(1200),
            label: z.string().max(500),
            masked: z.string().max(9).optional(),
            permissions: z.array(ApiPermissionSchema).max(7),
            isConfirmed: z.boolean(),
          }),
        )
        .max(200),
      whitelist: z
        .array(
          z.strictObject({
            id: z.string().max(1200),
            label: z.string().max(500).optional(),
            masked: z.string().max(9).optional(),
            network: z.string().max(130).optional(),
            isConfirmed: z.boolean(),
          }),
        )
        .max(200),
    })
    .optional(),
});
export type AccountView = z.infer<typeof AccountViewSchema>;

const empty = z.strictObject({});

/** The most login rows one getLogins answer holds. */
export const MAX_LOGINS_PER_REQUEST = 5000;

/** The most places or addresses one lookupPlaces asks about. */
export const MAX_LOOKUPS = 5000;

/**
 * What "This was me" trusted when the row's address could not be (masked by the page, or none): its English words
 * and its `_locales` message. Absent when the row's network was trusted.
 */
const TrustNoticeSchema = z.strictObject({
  text: z.string().max(500),
  message: z.strictObject({ key: z.string().max(100), args: z.array(z.string().max(200)).max(4) }),
});

export const contract = {
  /**
   * A content script sends a copy of its page (src/core/extract/snapshot.ts) and the worker reads it with the
   * extractor, so the extractor's code and word tables stay out of the content script. `visit` is random per page
   * load: a visit whose reading did not change (only relative times moved) is not stored again.
   */
  recordPage: {
    from: 'content',
    request: z.strictObject({
      url: z.string().max(4096),
      visit: z.string().max(64),
      // Checked without recursion and within caps: zod over a 100,000-node tree is slow and recursive.
      snapshot: z.custom<SnapElement>((v) => parseSnapshot(v).ok, 'not a page snapshot within its limits'),
    }),
    response: z.strictObject({
      /** False when the page shows no session or login list, or nothing changed since this visit's last record. */
      isRecorded: z.boolean(),
      accountId: z.string().optional(),
      newSessions: z.number().int().optional(),
      goneSessions: z.number().int().optional(),
      openWarnings: z.number().int().optional(),
    }),
  },
  getOverview: {
    from: 'page',
    request: empty,
    response: z.strictObject({
      accounts: z.array(AccountViewSchema),
      badgeCount: z.number().int(),
      /** Set when the last scan could not be saved (disk full…); what was stored before is kept. */
      storageProblem: z.string().optional(),
      /** Items of the imported security checklist that are due (Data › Checklist). */
      checklistOverdue: z
        .array(z.strictObject({ account: z.string(), item: z.string(), reason: z.string() }))
        .max(200)
        .optional(),
    }),
  },
  setWarningState: {
    from: 'page',
    request: z.strictObject({ id: z.string().max(1200), state: z.enum(['open', 'acknowledged', 'dismissed']) }),
    response: empty,
  },
  /**
   * Opens the account's device page (where its log-out-all button is) in a new tab; with `sessionKey` ("Sign out
   * this session") the guide outlines that session's own row control instead.
   */
  openDevicesPage: {
    from: 'page',
    request: z.strictObject({
      accountId: z.string().max(1200),
      sessionKey: z.string().max(1200).optional(),
      /** "Delete this key" / "Remove this address": the site's API or whitelist page, that row's own control. */
      apiKeyId: z.string().max(1200).optional(),
      addressId: z.string().max(1200).optional(),
    }),
    response: z.strictObject({ url: z.string() }),
  },
  /** "Check this account by itself": daily, weekly or off (settings.backgroundChecks); a paused schedule resumes. */
  setBackgroundCheck: {
    from: 'page',
    request: z.strictObject({ accountId: z.string().max(1200), schedule: z.enum(['off', ...CHECK_SCHEDULES]) }),
    response: empty,
  },
  /** A content script asks, once on start, whether the worker opened its tab to guide a log-out. */
  getGuidance: {
    from: 'content',
    request: empty,
    response: z.strictObject({ isGuided: z.boolean(), siteName: z.string() }),
  },
  /** After the options page changed custom sites: (un)register their content scripts to match settings. */
  syncCustomSites: {
    from: 'page',
    request: empty,
    response: z.strictObject({ registered: z.array(z.string()) }),
  },
  /** Reads the active tab once (activeTab + scripting); the page need not be registered. */
  scanActiveTab: {
    from: 'page',
    /** The tab to read; the active tab of the last focused window when absent. */
    request: z.strictObject({ tabId: z.number().int().nonnegative().optional() }),
    response: z.strictObject({
      url: z.string(),
      /** The site the page already belongs to, when registered. */
      siteName: z.string().optional(),
      isRegistered: z.boolean(),
      /** The content script was injected; its page arrives as recordPage and shows in getOverview. */
      isInjected: z.boolean(),
      /** A custom-site pattern covering this page, for "watch this site" (empty when the URL is not visible). */
      suggestedPattern: z.string(),
    }),
  },
  /**
   * "This was me" on a warning: creates or widens a trusted device from the warning's row (browser, OS and
   * device type; the IP's /24 or /64), saves settings, judges again; the warning is resolved or acknowledged.
   */
  trustFromWarning: {
    from: 'page',
    request: z.strictObject({ id: z.string().max(1200) }),
    response: z.strictObject({
      /** acknowledged: the warning names no device or network (e.g. too many sessions), so it was only acknowledged. */
      change: z.enum(['created', 'widened', 'covered', 'acknowledged']),
      trustedDeviceName: z.string(),
      /** Open warnings of the account after judging again. */
      openWarnings: z.number().int(),
      /**
       * What was trusted when the row's address could not be (masked by the page, or none): its English words and
       * its `_locales` message. Absent when the row's network was trusted.
       */
      notice: TrustNoticeSchema.optional(),
    }),
  },
  /**
   * "These are mine" on a first scan: trusts the live sessions the user ticked, named by key (never all of them
   * implicitly); a key that is not a live session of the account, or a session with a high signal, refuses the
   * whole request.
   */
  trustAccountSessions: {
    from: 'page',
    request: z.strictObject({
      accountId: z.string().max(1200),
      sessionKeys: z.array(z.string().max(1200)).min(1).max(2000),
    }),
    response: z.strictObject({
      created: z.number().int(),
      widened: z.number().int(),
      openWarnings: z.number().int(),
      /** Live sessions left untrusted because they have a high signal. */
      skipped: z.number().int().optional(),
    }),
  },
  /**
   * Dismiss or "This was me" on one incident (every warning about one intruder, src/background/answers.ts): applied
   * to all of them and recorded, so `undoAnswer` can take it back.
   */
  answerIncident: {
    from: 'page',
    request: z.strictObject({
      warningIds: z.array(z.string().max(1200)).min(1).max(200),
      answer: z.enum(['dismissed', 'mine']),
    }),
    response: z.strictObject({
      answerId: z.string(),
      /** What happened: dismissed, or what "This was me" did to the trusted devices (see trustFromWarning). */
      change: z.enum(['dismissed', 'created', 'widened', 'covered', 'acknowledged']),
      trustedDeviceName: z.string(),
      openWarnings: z.number().int(),
      /** As trustFromWarning's: what was trusted when the row's address could not be. */
      notice: TrustNoticeSchema.optional(),
    }),
  },
  /** Takes an answer back: removes the trust it created (or restores what it widened) and reopens its warnings. */
  undoAnswer: {
    from: 'page',
    request: z.strictObject({ answerId: z.string().max(100) }),
    response: z.strictObject({ label: z.string(), openWarnings: z.number().int() }),
  },
  /** The recorded answers, newest first ("Dismissed and trusted"). */
  getAnswers: {
    from: 'page',
    request: empty,
    response: z.strictObject({ answers: z.array(AnswerSchema) }),
  },
  /** The user reviewed the account's sessions: sets Account.lastReviewedAt to now. */
  markReviewed: {
    from: 'page',
    request: z.strictObject({ accountId: z.string().max(1200) }),
    response: z.strictObject({ lastReviewedAt: z.number() }),
  },
  /** Emergency checklists per account (storage.local `emergency`). */
  getEmergency: {
    from: 'page',
    request: empty,
    response: z.strictObject({ checklists: EmergencyStateSchema }),
  },
  /** Saves one account's checklist; null ends emergency mode for it. */
  saveEmergency: {
    from: 'page',
    request: z.strictObject({ accountId: z.string().max(1200), checklist: EmergencyChecklistSchema.nullable() }),
    response: z.strictObject({ checklists: EmergencyStateSchema }),
  },
  /** What the user did about an account, with times, oldest first (src/shared/user-actions.ts): the support report's record. */
  getActions: {
    from: 'page',
    request: z.strictObject({ accountId: z.string().max(1200) }),
    response: z.strictObject({ actions: z.array(UserActionSchema).max(MAX_ACTIONS_PER_ACCOUNT) }),
  },
  /** Recent login events, newest first, for the options page's schedule preview and history view. */
  getLogins: {
    from: 'page',
    request: z.strictObject({
      /** One account's logins; every account's when absent. */
      accountId: z.string().max(1200).optional(),
      /** Only logins at or after this time (epoch ms); logins without a time are left out when set. */
      since: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(MAX_LOGINS_PER_REQUEST),
    }),
    response: z.strictObject({ logins: z.array(StoredLoginSchema), hasMore: z.boolean() }),
  },
  /**
   * Where stored place texts are and who runs stored addresses, from the worker's offline tables (the options
   * page's map and the support report; the tables stay in the worker). Unknown places and addresses are left out.
   */
  lookupPlaces: {
    from: 'page',
    request: z.strictObject({
      locations: z.array(z.string().max(300)).max(MAX_LOOKUPS),
      ips: z.array(z.string().max(64)).max(MAX_LOOKUPS),
    }),
    response: z.strictObject({
      places: z.array(
        z.strictObject({
          text: z.string(),
          lat: z.number().min(-90).max(90),
          lon: z.number().min(-180).max(180),
          country: z.string().optional(),
          precision: z.enum(['city', 'country']),
        }),
      ),
      networks: z.array(z.strictObject({ ip: z.string(), provider: z.string(), isHosting: z.boolean() })),
    }),
  },
  /**
   * The full backup (Data › Export), read in one transaction and kept by the worker as the file's text, which the
   * page fetches in `chunks` slices (exportBackupChunk) and joins into a file: one message cannot carry a large one.
   */
  exportBackup: {
    from: 'page',
    request: empty,
    response: z.strictObject({
      exportId: z.string(),
      chunks: z.number().int(),
      chars: z.number().int(),
      accounts: z.number().int(),
      sessions: z.number().int(),
      logins: z.number().int(),
    }),
  },
  /** Slice `index` of an export's text; the worker lets the export go after the last one. */
  exportBackupChunk: {
    from: 'page',
    request: z.strictObject({ exportId: z.string().max(64), index: z.number().int().min(0).max(100_000) }),
    response: z.strictObject({ text: z.string() }),
  },
  /** Login history as CSV, of one account or (no accountId) all of them. */
  exportLoginHistory: {
    from: 'page',
    request: z.strictObject({ accountId: z.string().max(1200).optional() }),
    response: z.strictObject({ csv: z.string(), rowCount: z.number().int() }),
  },
  /**
   * Restores a backup file's text, all or nothing, in three steps because one message cannot carry a large file:
   * begin (its size and number of slices), each slice in order (importBackupChunk), then commit. Nothing is
   * parsed or written before the commit, which checks the whole file and writes it in one transaction; the error
   * names the bad field's path. `replace` puts the file in place of everything; `merge` joins it with what is
   * stored by the rows' keys (merging the same file twice changes nothing). The page shows what the file holds and
   * asks which before sending it.
   */
  importBackupBegin: {
    from: 'page',
    request: z.strictObject({
      mode: z.enum(['replace', 'merge']),
      chars: z.number().int().min(0).max(MAX_BACKUP_BYTES, 'the file is over 50 MB'),
      chunks: z.number().int().min(1).max(MAX_IMPORT_CHUNKS),
    }),
    response: z.strictObject({ importId: z.string() }),
  },
  importBackupChunk: {
    from: 'page',
    request: z.strictObject({
      importId: z.string().max(64),
      index: z
        .number()
        .int()
        .min(0)
        .max(MAX_IMPORT_CHUNKS - 1),
      text: z.string().max(BACKUP_CHUNK_CHARS),
    }),
    response: empty,
  },
  importBackupCommit: {
    from: 'page',
    request: z.strictObject({ importId: z.string().max(64) }),
    response: z.strictObject({
      accounts: z.number().int(),
      scans: z.number().int(),
      sessions: z.number().int(),
      logins: z.number().int(),
      warnings: z.number().int(),
    }),
  },
  /**
   * The one way pages change settings: the worker is their only writer. It stores them (setting aside what the
   * stored ones held that no longer validates), applies a shorter retention, and judges every account once.
   */
  saveSettings: {
    from: 'page',
    request: z.strictObject({ settings: SettingsSchema }),
    response: empty,
  },
  /** Deletes every stored observation and puts the settings back to defaults; the page asks first. */
  wipeAll: {
    from: 'page',
    request: z.strictObject({ isConfirmed: z.literal(true) }),
    response: empty,
  },
} as const;

export type Contract = typeof contract;
export type MessageName = keyof Contract;
export type RequestOf<K extends MessageName> = z.input<Contract[K]['request']>;
export type ResponseOf<K extends MessageName> = z.output<Contract[K]['response']>;

export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: RequestOf<K>;
}

/** `localised`: the error as a `_locales` message, when the page can show it in its language (import errors). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; localised?: ErrorMessage };

/** Sends one message and unwraps the result; injected into popup and options models as their transport. */
export type Transport = <K extends MessageName>(type: K, payload: RequestOf<K>) => Promise<ResponseOf<K>>;

export { classifySender, type SenderInfo, type SenderKind } from './sender';

export function isMessageName(x: unknown): x is MessageName {
  return typeof x === 'string' && Object.hasOwn(contract, x);
}
