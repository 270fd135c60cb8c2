/**
 * The seed's MDM-style security checklist, one entry per exchange account, as the user keeps it. Secrets stay out:
 * the anti-phishing code is only "set or not", and no e-mail, UID or key material is kept.
 */

/** `ip_range` of a trusted device: a CIDR, or a word such as `mobile` (any carrier network). */
export interface ChecklistDevice {
  name: string;
  ipRange: string;
}

export interface ChecklistApiKey {
  label: string;
  permissions: string[];
}

export interface ChecklistAccount {
  /** The YAML key, e.g. `binance_account`. */
  name: string;
  twoFactor?: { type: string; lastVerified?: string };
  isAntiPhishingCodeSet: boolean;
  isWithdrawalWhitelistOn: boolean;
  trustedDevices: ChecklistDevice[];
  /** YYYY-MM-DD of the last device review. */
  lastDeviceReview?: string;
  apiKeys: ChecklistApiKey[];
}

export interface Checklist {
  accounts: ChecklistAccount[];
}

export type ChecklistItem = 'device-review' | 'two-factor' | 'anti-phishing' | 'withdrawal-whitelist';

export interface OverdueItem {
  account: string;
  item: ChecklistItem;
  reason: string;
  /** When it fell due (epoch ms); absent when it was never done. */
  dueAt?: number;
}

const DAY = 86_400_000;
/** The seed's cadence: devices weekly, password and 2FA quarterly. */
export const CHECKLIST_CADENCE_DAYS = { 'device-review': 7, 'two-factor': 91 } as const;

/** Midnight UTC of a YYYY-MM-DD date, or undefined when it is not a real date. */
export function dayOf(date: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === date ? t : undefined;
}

function dated(
  account: string,
  item: 'device-review' | 'two-factor',
  last: string | undefined,
  now: number,
  what: string,
): OverdueItem | undefined {
  const days = CHECKLIST_CADENCE_DAYS[item];
  const at = dayOf(last);
  if (at === undefined) return { account, item, reason: `${what}: never recorded (due every ${days} days).` };
  const dueAt = at + days * DAY;
  if (now < dueAt) return undefined;
  const late = Math.floor((now - dueAt) / DAY);
  return {
    account,
    item,
    dueAt,
    reason: `${what}: last on ${last}, due ${late === 0 ? 'today' : `${late} days ago`}.`,
  };
}

/** What the popup lists as overdue: dated checks past their cadence, and protections that are off. */
export function overdueChecklistItems(checklist: Checklist | undefined, now: number): OverdueItem[] {
  const out: OverdueItem[] = [];
  for (const a of checklist?.accounts ?? []) {
    const review = dated(a.name, 'device-review', a.lastDeviceReview, now, 'Device review');
    if (review) out.push(review);
    const twoFactor = dated(a.name, 'two-factor', a.twoFactor?.lastVerified, now, 'Password and 2FA check');
    if (twoFactor) out.push(twoFactor);
    if (!a.isAntiPhishingCodeSet)
      out.push({ account: a.name, item: 'anti-phishing', reason: 'No anti-phishing code is set.' });
    if (!a.isWithdrawalWhitelistOn)
      out.push({ account: a.name, item: 'withdrawal-whitelist', reason: 'The withdrawal whitelist is off.' });
  }
  return out;
}

/**
 * The first time after `now` at which `overdueChecklistItems` would say something else: a dated item falling due, or
 * an overdue one's count of days late growing by one. Infinity when nothing dated is recorded. What keeps a copy of
 * the overview (the worker's kept overview) keeps it until then.
 */
export function checklistChangesAt(checklist: Checklist | undefined, now: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const a of checklist?.accounts ?? []) {
    for (const [item, last] of [
      ['device-review', a.lastDeviceReview],
      ['two-factor', a.twoFactor?.lastVerified],
    ] as const) {
      const at = dayOf(last);
      if (at === undefined) continue;
      const dueAt = at + CHECKLIST_CADENCE_DAYS[item] * DAY;
      next = Math.min(next, now < dueAt ? dueAt : dueAt + (Math.floor((now - dueAt) / DAY) + 1) * DAY);
    }
  }
  return next;
}

/**
 * The checklist's API keys for an account: the checklist account named like the watched account (its hint, `_`
 * read as a space), else the one whose name starts with the site's id (`binance_account`). Undefined when none:
 * then the checklist says nothing about the account's keys.
 */
export function checklistKeysFor(
  checklist: Checklist | undefined,
  account: { siteId: string; hint: string },
): ChecklistApiKey[] | undefined {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[_\s]+/g, ' ')
      .trim();
  const accounts = checklist?.accounts ?? [];
  const found =
    accounts.find((a) => norm(a.name) === norm(account.hint)) ??
    accounts.find((a) => norm(a.name).startsWith(norm(account.siteId)));
  return found?.apiKeys;
}
