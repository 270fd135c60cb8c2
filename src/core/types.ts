/**
 * Data shapes shared by every context. Pure types: no browser API here.
 * Times are epoch milliseconds (UTC); text fields are the page's text, trimmed and capped.
 */

// Each word list once: the types here and the schemas in src/shared/schemas.ts (z.enum) are made from these.
export const SESSION_STATUSES = ['online', 'offline'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const LOGIN_OUTCOMES = ['success', 'failed'] as const;
export type LoginOutcome = (typeof LOGIN_OUTCOMES)[number];
export const CLIENT_KINDS = ['web', 'app', 'api'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];
export const SECOND_FACTORS = ['authenticator', 'sms', 'email', 'passkey', 'security-key', 'none', 'other'] as const;
export type SecondFactor = (typeof SECOND_FACTORS)[number];
export const DEVICE_TYPES = ['desktop', 'phone', 'tablet', 'app', 'api', 'unknown'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One row of an "active sessions / devices" list as the page shows it. */
export interface ExtractedSession {
  device: string;
  userAgent?: string;
  ip?: string;
  location?: string;
  /** When the session was created (login time), if the page shows it. */
  firstSeen?: number;
  lastActive?: number;
  status?: SessionStatus;
  isCurrent: boolean;
  kind?: ClientKind;
}

/** One row of a login-history list. */
export interface ExtractedLogin {
  time?: number;
  ip?: string;
  device: string;
  userAgent?: string;
  location?: string;
  outcome?: LoginOutcome;
  secondFactor?: SecondFactor;
  kind?: ClientKind;
}

/**
 * What an API key may do, as the page's permission words map to them. `trade` is spot trading; `withdraw` and
 * `transfer` move funds out (the seeds' advice: such a key deserves a second look).
 */
export const API_PERMISSIONS = ['read', 'trade', 'margin', 'futures', 'withdraw', 'transfer', 'other'] as const;
export type ApiPermission = (typeof API_PERMISSIONS)[number];
export const API_KEY_STATUSES = ['enabled', 'disabled'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

/**
 * One row of an API-management list. `keyText` is what the page shows for the key (usually masked); the worker
 * keeps only a masked form and a keyed hash of it, never this text.
 */
export interface ExtractedApiKey {
  label: string;
  keyText?: string;
  permissions: ApiPermission[];
  /** Addresses or CIDRs the key is restricted to, as listed; absent when the page shows no restriction column. */
  ipRestriction?: string[];
  /** True when the page says the key has no IP restriction ("Unrestricted", "不限制"). */
  unrestricted?: boolean;
  createdAt?: number;
  status?: ApiKeyStatus;
}

/** One row of an API access log: which key was called, from where, to do what. */
export interface ExtractedApiCall {
  time?: number;
  /** The key's label or its (masked) key text as the log names it. */
  keyText?: string;
  ip?: string;
  /** The action as a short word: order, query, cancel, withdraw, transfer … (the page's word, trimmed). */
  action?: string;
}

/** One row of a withdrawal-address whitelist. `addressText` is never stored whole (the worker masks it). */
export interface ExtractedWhitelistEntry {
  label?: string;
  coin?: string;
  network?: string;
  addressText?: string;
  addedAt?: number;
}

/** What the content script sends after reading a page. */
export interface ExtractedScan {
  url: string;
  scannedAt: number;
  /** UID or masked e-mail shown on the page, when there is one. */
  accountHint?: string;
  /** True when the page shows a sessions/devices list (even an empty one). */
  hasSessionList: boolean;
  hasLoginList: boolean;
  sessions: ExtractedSession[];
  logins: ExtractedLogin[];
  /** True when the page shows an API-key list (even an empty one: then every key seen before is deleted). */
  hasApiKeyList?: boolean;
  hasApiCallList?: boolean;
  hasWhitelist?: boolean;
  apiKeys?: ExtractedApiKey[];
  apiCalls?: ExtractedApiCall[];
  whitelist?: ExtractedWhitelistEntry[];
  /** Set by the worker alone, for a tab it opened for a background check; never taken from a message. */
  isBackgroundCheck?: boolean;
}

/**
 * An API key as the worker keeps it: never the key text the page showed, only a masked form (first and last four
 * characters) and a keyed hash of it (HMAC-SHA-256 with the install's secret) for identity across visits.
 */
export interface StoredApiKey {
  /** `${accountId}|${keyHash}` */
  id: string;
  accountId: string;
  /** The identity: the keyed hash of the key text, or of the label when the page shows no key text. */
  keyHash: string;
  /** Keyed hashes an access log may name this key by (its key text, its label). */
  refs: string[];
  label: string;
  masked?: string;
  permissions: ApiPermission[];
  ipRestriction?: string[];
  unrestricted?: boolean;
  createdAt?: number;
  status?: ApiKeyStatus;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Set when a later visit's key list no longer showed it. */
  deletedAt?: number;
  /** The user said "I added it". */
  confirmedAt?: number;
}

/** One API access-log row, kept once however many visits show it. */
export interface StoredApiCall {
  /** `${accountId}|${callHash}`: the keyed hash of the row's minute, key, address and action. */
  id: string;
  accountId: string;
  /** Keyed hashes of the key text the log names, read as a key and as a label (one matches a key's `refs`). */
  keyRefs?: string[];
  keyMasked?: string;
  time?: number;
  ip?: string;
  action?: string;
  firstSeenAt: number;
}

/** One withdrawal-whitelist address: masked, with a keyed hash of the full address for identity. */
export interface StoredWhitelistEntry {
  /** `${accountId}|${addressHash}` */
  id: string;
  accountId: string;
  addressHash: string;
  masked?: string;
  label?: string;
  coin?: string;
  network?: string;
  addedAt?: number;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Set when a later visit's whitelist no longer showed it. */
  removedAt?: number;
  /** The user said "I added it". */
  confirmedAt?: number;
}

/**
 * When the account's page first showed each list: what was there then is the baseline, and only what appears on a
 * later visit is "new since your last visit".
 */
export interface BackdoorBaselines {
  apiKeys?: number;
  apiCalls?: number;
  whitelist?: number;
}

export interface Account {
  /** `${siteId}:${hint}` — hint is the page's account identifier or "default". */
  id: string;
  siteId: string;
  hint: string;
  firstScanAt: number;
  lastScanAt: number;
  lastReviewedAt?: number;
  scanCount: number;
  /** When the user's own visit was last read; absent before the first background check (lastScanAt is it). */
  lastUserScanAt?: number;
  /** When a background check last read the account's page (src/core/background-check.ts). */
  lastCheckedAt?: number;
  /** When the account's pages first showed its API keys, access log and whitelist (src/core/backdoors.ts). */
  backdoorBaselines?: BackdoorBaselines;
}

/** A session as stored: stable identity across visits. */
export interface StoredSession extends ExtractedSession {
  key: string;
  accountId: string;
  firstObservedAt: number;
  lastObservedAt: number;
  /** Set when a later scan of the device list no longer showed it. */
  goneAt?: number;
  /** The address a later visit saw the session move from (the latest move only). */
  previousIp?: string;
}

export interface StoredLogin extends ExtractedLogin {
  key: string;
  accountId: string;
  firstObservedAt: number;
  /** First seen by a background check rather than on the user's own visit. */
  isFromBackgroundCheck?: boolean;
  /**
   * Since storage version 11: the address as `plainV4Value` reads it, when it is a bare v4 one, so judging a long
   * history reads a number instead of parsing each text. Worked out from `ip` at every write (`withAddressValue`):
   * never taken from a page, a backup or a message; a row without it is parsed as before.
   */
  ipValue?: number;
}

export interface ScanRecord {
  id?: number;
  accountId: string;
  at: number;
  url: string;
  sessionCount: number;
  loginCount: number;
  newSessionKeys: string[];
  goneSessionKeys: string[];
  /** Read by a background check (a tab the watchdog opened), not by the user's own visit. */
  isBackgroundCheck?: boolean;
}

/** A device the user says is theirs. Every set criterion must match. */
export interface TrustedDevice {
  id: string;
  name: string;
  /** Free text matched against the page's device string; `*` is a wildcard. */
  pattern?: string;
  browser?: string;
  os?: string;
  model?: string;
  deviceType?: DeviceType;
  /** CIDR list; empty or absent means any network. */
  ipRanges?: string[];
  /** ISO 3166-1 alpha-2 codes; empty or absent means anywhere. */
  countries?: string[];
  /**
   * Networks (AS numbers) the user confirmed this device on ("This was me" on a row from them). Not a criterion:
   * trust by words never silences a network the device was not seen on, and these are networks it was seen on.
   */
  asns?: number[];
  /** Account ids; empty or absent means all accounts. */
  accountIds?: string[];
  createdAt: number;
}

export const WARNING_STATES = ['open', 'acknowledged', 'dismissed', 'resolved'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export interface Evidence {
  device?: string;
  ip?: string;
  location?: string;
  time?: number;
  [key: string]: string | number | boolean | undefined;
}

/** What a rule returns. */
/** A phrase from the `_locales` catalog inside a reason: "A device" when the site names none, "5 min". */
export interface ReasonPart {
  key: string;
  args: string[];
}

/**
 * A finding's reason as a `_locales` message: its key and the `{1}`, `{2}` … substitutions, already formatted
 * (device, IP, place, km, time) or themselves a catalog phrase. The English `reason` stays beside it for the
 * CSV, the audit and backups, and for whatever cannot show the message.
 */
export interface ReasonMessage {
  key: string;
  args: (string | ReasonPart)[];
}

/**
 * The most reasons an incident carries (`keptReasons` in incident.ts; the stored format's cap): one intruder behind
 * hundreds of sessions (a flood, the same sessions on two accounts) would otherwise make one incident of hundreds of
 * reasons, too large to store, to show, or to restore from the user's own backup.
 */
export const MAX_INCIDENT_REASONS = 50;

/** One reason of an incident: a rule's finding about the intruder, with its own evidence. */
export interface IncidentReason {
  rule: string;
  /** The finding's own subject (a session or login key, "burst|…"): what the reason was stored under alone. */
  subject?: string;
  severity: Severity;
  reason: string;
  message?: ReasonMessage;
  evidence: Evidence;
}

export interface Finding {
  rule: string;
  /** What the finding is about, stable across scans (a session key, an IP, "account"). */
  subject: string;
  severity: Severity;
  reason: string;
  /** The reason in the user's language; absent on warnings stored before it existed. */
  message?: ReasonMessage;
  evidence: Evidence;
  /**
   * An incident's every reason, the leading one first (whose rule, reason, message and evidence the fields above
   * repeat, so readers of single warnings keep working). Absent on warnings stored before incidents and on
   * findings of one rule.
   */
  reasons?: IncidentReason[];
}

export interface StoredWarning extends Finding {
  /** `${accountId}|${rule}|${subject}` */
  id: string;
  accountId: string;
  state: WarningState;
  firstRaisedAt: number;
  lastRaisedAt: number;
  stateChangedAt: number;
}
