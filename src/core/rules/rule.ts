import type { ChecklistApiKey } from '../checklist';
import type { Bbox } from '../geo';
import type { Place } from '../place';
import type {
  Account,
  BackdoorBaselines,
  Finding,
  StoredApiCall,
  StoredApiKey,
  StoredLogin,
  StoredSession,
  StoredWhitelistEntry,
  TrustedDevice,
} from '../types';

import type { Thresholds } from './thresholds';

export { defaultThresholds, type Thresholds } from './thresholds';

/** A weekly window: days 0 (Sunday) … 6, minutes from local midnight; end < start means overnight. */
export interface ScheduleWindow {
  days: number[];
  startMinute: number;
  endMinute: number;
}

export interface Schedule {
  id: string;
  name: string;
  timeZone: string;
  windows: ScheduleWindow[];
  accountIds?: string[];
}

/** Hosting provider of an address (datacenter, VPN exit, cloud). */
export interface HostingInfo {
  provider: string;
  asn: number;
}

/**
 * What kind of network an address belongs to: a datacenter or cloud (`hosting`), a Tor exit (`tor`), a privacy
 * relay such as iCloud Private Relay (`relay`), a mobile carrier whose address pools hop across a country
 * (`mobile`), or any other access provider, residential or business (`isp`).
 */
export type NetworkKind = 'hosting' | 'tor' | 'relay' | 'mobile' | 'isp';

/** The network (autonomous system) that announces an address. */
export interface NetworkInfo {
  asn: number;
  /** The network's name as the registry gives it, e.g. "COMCAST-7922" or "DIGITALOCEAN-ASN". */
  name: string;
  kind: NetworkKind;
}

/** Both tables' answers about one address, written by `lookupBothV4`/`V6` into an object the caller keeps. */
export interface AddressAnswers {
  hosting: HostingInfo | undefined;
  /** The provider table's network as a number (`networkOfId` names it); -1 for none. */
  network: number;
}

/**
 * Place and network lookups. The tables behind them are large, so the background builds this once and the
 * content script never loads them; rules that need it stay quiet when it is absent.
 */
export interface GeoLookup {
  resolvePlace(text: string): Place;
  lookupHosting(ip: string): HostingInfo | undefined;
  /**
   * The network of any public address, hosting or not. Optional: absent where the provider table is not loaded
   * (the content script, tests that do not need it); rules that need it stay quiet without it.
   */
  lookupNetwork?(ip: string): NetworkInfo | undefined;
  /**
   * `lookupHosting` and `lookupNetwork` of a bare v4 address given as its value (`plainV4Value` of its text), for
   * rules that parse each stored address once and ask both tables about it. Optional, and `lookupNetworkV4` only
   * beside `lookupNetwork`; the same answers as the text forms.
   */
  lookupHostingV4?(value: number): HostingInfo | undefined;
  lookupNetworkV4?(value: number): NetworkInfo | undefined;
  /**
   * The same for a bare v6 address that is not a mapped v4 one, given as the upper and lower halves of its upper
   * 64 bits (the /64 both tables are keyed by), as `plainV6Groups` reads them.
   */
  lookupHostingV6?(hi: number, lo: number): HostingInfo | undefined;
  lookupNetworkV6?(hi: number, lo: number): NetworkInfo | undefined;
  /**
   * `lookupHostingV4` and `lookupNetworkV4` of a bare v4 address at once, written into `out`: one search of the
   * provider table, beside whose ranges the hosting answers are kept (src/core/address-table.ts), answers both.
   * Optional, beside the provider table only; the same answers as asking each.
   */
  lookupBothV4?(value: number, out: AddressAnswers): void;
  /** The same for a bare v6 address that is not a mapped v4 one, as `lookupHostingV6` takes it. */
  lookupBothV6?(hi: number, lo: number, out: AddressAnswers): void;
  /**
   * The network an `AddressAnswers` numbers (undefined for -1); beside `lookupBothV4`. Its kind and ASN alone come
   * from small arrays: rules that ask every sign-in whether its network is rented read no object for it.
   */
  networkOfId?(id: number): NetworkInfo | undefined;
  networkKindOfId?(id: number): NetworkKind | undefined;
  /** -1 for -1. */
  networkAsnOfId?(id: number): number;
  /**
   * Whether a rented answer (a hosting range's, or a network of kind hosting or Tor) can carry the ASN of the
   * network numbered `id` (false for -1): what a baseline asked only about rented networks needs to keep.
   */
  networkRentableOfId?(id: number): boolean;
  /** The bounding box of a country (ISO alpha-2): where a place known only by its country may be. */
  countryBbox?(code: string): Bbox | undefined;
}

/** Everything a rule may look at. All arrays are for the account being judged unless named otherwise. */
export interface RuleContext {
  now: number;
  account: Account;
  /** Every stored session of the account, gone ones included. */
  sessions: StoredSession[];
  /** The account's login history, oldest first. */
  logins: StoredLogin[];
  /** Keys of sessions first seen in the scan being judged (empty on the account's first scan). */
  newSessionKeys: string[];
  isFirstScan: boolean;
  trustedDevices: TrustedDevice[];
  schedules: Schedule[];
  blocklist: string[];
  thresholds: Thresholds;
  /** Untrusted sessions of the user's other accounts (for cross-account rules). */
  otherAccounts: { account: Account; sessions: StoredSession[]; logins: StoredLogin[] }[];
  geo?: GeoLookup;
  /** The user's time zone (IANA), for rules about the hour of day; UTC when absent. */
  timeZone?: string;
  /** Rules the user switched off (rule id → false); a rule absent from the map is on. */
  enabledRules?: Readonly<Record<string, boolean>>;
  /** The account's API keys, access-log calls and withdrawal addresses as stored (src/core/backdoors.ts). */
  apiKeys?: StoredApiKey[];
  apiCalls?: StoredApiCall[];
  whitelist?: StoredWhitelistEntry[];
  /** When the page first showed each list: what appeared later is new since a visit. */
  backdoorBaselines?: BackdoorBaselines;
  /** The imported checklist's API keys for this account; absent when no checklist names the account's site. */
  checklistApiKeys?: ChecklistApiKey[];
}

export interface Rule {
  id: string;
  /**
   * The rule's name in English, only for the English `reason` kept beside a finding when the rule could not run
   * (CSV, audit, backups); no page shows it: pages name a rule from its catalog key, `ruleNameKey(id)`.
   */
  title: string;
  /**
   * Rules whose findings about the same subject this rule's finding replaces, so one stranger is one warning
   * (and one on the badge) that says everything, not several that say parts of it.
   */
  supersedes?: readonly string[];
  evaluate(ctx: RuleContext): Finding[];
}
