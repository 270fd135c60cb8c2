import { type Incident, incidentsOfWarnings } from '../core/incidents';
import { stripInvisible } from '../core/text';
import type { Evidence, IncidentReason, ReasonMessage, StoredWarning } from '../core/types';
import type { MessageText } from '../shared/message-text';

/** A message in the worker's language (`text`, over the i18n API), or `fallback` when this version cannot show it. */
export function localise(m: ReasonMessage, text: MessageText, fallback = ''): string {
  return text.renderReason(m) ?? fallback;
}

/** A warning a scan raised, with its account's site name; the stored warning when the caller has it. */
export interface Raised {
  siteName: string;
  reason: string;
  message?: ReasonMessage;
  warning?: StoredWarning;
}

/** The notification for a scan's new incident: what to show, and which incident the buttons and a click answer. */
export interface IncidentNotice {
  title: string;
  message: string;
  accountId?: string;
  /** The warnings of the incident shown ("It was me" answers them all; a click opens it in the popup). */
  warningIds: string[];
}

const rank = { high: 0, medium: 1, low: 2 } as const;
// Device names, places and site names are page text: shown without the characters that hide or reorder it (the
// message templates' own isolates around them stay).
const text = (v: unknown) => (typeof v === 'string' && v ? stripInvisible(v) || undefined : undefined);
const cleanMessage = (m: ReasonMessage): ReasonMessage => ({
  ...m,
  args: m.args.map((a) => (typeof a === 'string' ? stripInvisible(a) : a)),
});
const say = (m: ReasonMessage | undefined, reason: string, text: MessageText) =>
  m ? localise(cleanMessage(m), text, stripInvisible(reason)) : stripInvisible(reason);

/** Short bullets in a notification: a few reasons say enough, the popup shows every one. */
const MAX_BULLETS = 4;

/**
 * One reason as a short bullet in the reader's language: the rule's short phrase (the hosting one names the
 * provider), or, for a rule this version has no phrase for, its full reason.
 */
function bullet(r: Pick<IncidentReason, 'rule' | 'reason' | 'message' | 'evidence'>, words: MessageText): string {
  const id = r.rule.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const provider = r.rule === 'hosting-ip' ? text(r.evidence.provider) : undefined;
  const short = provider
    ? localise({ key: 'notify_why_hostingIpOf', args: [provider] }, words)
    : localise({ key: `notify_why_${id}`, args: [] }, words);
  return localise({ key: 'notify_bullet', args: [short || say(r.message, r.reason, words)] }, words, `• ${short}`);
}

/**
 * A notification's title: the site and who signed in (device, else address). An incident with neither (an API key
 * or a withdrawal address seen on its own list) names the key or address instead; the site alone said nothing
 * ("Binance: is this you? Binance").
 */
function incidentTitle(siteName: string, who: string | undefined, ev: Evidence, words: MessageText): string {
  if (who) return localise({ key: 'notify_incidentTitle', args: [siteName, who] }, words, `${siteName}: ${who}`);
  const key = text(ev.apiKey) ?? text(ev.apiKeyMasked);
  const address = text(ev.address) ?? text(ev.addressMasked);
  const named: ReasonMessage | undefined = key
    ? { key: 'notify_incidentKeyTitle', args: [siteName, key] }
    : address
      ? { key: 'notify_incidentAddressTitle', args: [siteName, address] }
      : undefined;
  const title: ReasonMessage = named ?? { key: 'notify_warningTitle', args: [siteName] };
  return localise(title, words, siteName);
}

/**
 * The riskiest new incident first: the worst, with the most reasons, leading (src/core/incidents.ts). Title: the
 * site and the device (or address); body: the place and address, then the incident's reasons as short bullets (what
 * the sign-ins showed, a datacenter or failed attempts, before "not trusted"), then how many other incidents there
 * are. Warnings without their stored record fall back to a count.
 */
export function warningNotification(raised: Raised[], words: MessageText): IncidentNotice | undefined {
  const first = raised[0];
  if (!first) return undefined;
  const withRecord = raised.filter((r): r is Raised & { warning: StoredWarning } => r.warning !== undefined);
  if (withRecord.length !== raised.length) {
    const title: ReasonMessage =
      raised.length > 1
        ? { key: 'notify_warningsTitle', args: [stripInvisible(first.siteName), String(raised.length - 1)] }
        : { key: 'notify_warningTitle', args: [stripInvisible(first.siteName)] };
    return {
      title: localise(title, words, stripInvisible(first.siteName)),
      message: say(first.message, first.reason, words),
      warningIds: [],
    };
  }
  const siteOf = new Map(withRecord.map((r) => [r.warning.accountId, r.siteName]));
  const incidents: Incident[] = [];
  for (const accountId of siteOf.keys()) {
    const warnings = withRecord.filter((r) => r.warning.accountId === accountId).map((r) => r.warning);
    incidents.push(...incidentsOfWarnings(accountId, warnings, []));
  }
  incidents.sort((a, b) => rank[a.severity] - rank[b.severity] || b.reasons.length - a.reasons.length);
  const top = incidents[0];
  if (!top) return undefined;
  const siteName = stripInvisible(siteOf.get(top.accountId) ?? first.siteName);
  const ev = top.lead.evidence;
  const who = text(ev.device) ?? text(ev.ip);
  const where = text(ev.location);
  const ip = who === text(ev.ip) ? undefined : text(ev.ip);
  const place =
    where && ip
      ? localise({ key: 'notify_incidentWhere', args: [where, ip] }, words, `${where} · ${ip}`)
      : (where ?? ip);
  // Worst first, "not trusted" last (every stranger has it); one bullet per rule.
  const telling = [...top.reasons].sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] || Number(a.rule === 'unknown-device') - Number(b.rule === 'unknown-device'),
  );
  const bullets = [...new Map(telling.map((r) => [r.rule, r])).values()]
    .slice(0, MAX_BULLETS)
    .map((r) => bullet(r, words));
  const more = incidents.length - 1;
  // How many other incidents there are goes on the first line, apart from the bullets.
  const [lead = '', ...rest] = [place, ...bullets].filter((x): x is string => Boolean(x));
  const body = [more > 0 ? words.tn('notify_incidentMore', more, lead) : lead, ...rest].join('\n');
  return {
    title: incidentTitle(siteName, who, ev, words),
    message: body,
    accountId: top.accountId,
    warningIds: top.warnings.map((w) => w.id),
  };
}

/** The buttons of an incident's notification (Chrome only; Firefox has none): "Not me", "It was me". */
export function incidentButtons(words: MessageText): string[] {
  return [words.t('notify_notMe'), words.t('notify_itWasMe')];
}

const INCIDENT_PREFIX = 'incident:';

/** A notification id that says which incident it shows: its account and its warnings. */
export function incidentNotificationId(accountId: string, warningIds: string[]): string {
  return `${INCIDENT_PREFIX}${[accountId, ...warningIds].map(encodeURIComponent).join(',')}`;
}

/** The incident a notification id names, or undefined for any other notification (reminders). */
export function incidentOfNotificationId(id: string): { accountId: string; warningIds: string[] } | undefined {
  if (!id.startsWith(INCIDENT_PREFIX)) return undefined;
  try {
    const [accountId, ...warningIds] = id.slice(INCIDENT_PREFIX.length).split(',').map(decodeURIComponent);
    if (!accountId || !warningIds.length) return undefined;
    return { accountId, warningIds };
  } catch {
    return undefined;
  }
}
