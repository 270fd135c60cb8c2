import { runRules } from './evaluate';
import { familyOf, isTellingFamily } from './rules/history';
import { allRules } from './rules/index';
import { networkOfIp, prefixOf } from './rules/network';
import type { Rule, RuleContext } from './rules/rule';
import { foldText } from './text';
import { type Finding, type IncidentReason, MAX_INCIDENT_REASONS, type Severity } from './types';

/** Findings about the account's upkeep, not about anyone signing in: each stays a warning of its own. */
export const HYGIENE_RULES: ReadonlySet<string> = new Set(['too-many-sessions', 'stale-session', 'session-lifetime']);

/**
 * Signs that a sign-in was not the user's, whatever device it shows: any of them at medium or above, with a second
 * reason beside it, makes the incident high. Place and hour alone (a new city, the small hours, a schedule) are
 * not: a trip, a new phone at home or a late night stay what they are.
 */
export const TAKEOVER_SIGNS: ReadonlySet<string> = new Set([
  'hosting-ip',
  'copied-session',
  'impossible-travel',
  'blocklisted-ip',
  'weaker-second-factor',
  'failed-login-burst',
  'password-spraying',
  'dormant-account',
  'new-country',
  'cross-account',
]);

const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/**
 * Who an incident is about: a device identity on a network. The identity is the parsed browser, OS, type and
 * model (the device text when nothing parses); the network its provider when known, else its address prefix,
 * else the place the page names. Undefined for findings that name no device and no address.
 */
export function intruderOf(ctx: RuleContext, f: Finding): string | undefined {
  if (f.subject === 'rule-error' || HYGIENE_RULES.has(f.rule)) return undefined;
  const e = f.evidence;
  const device = typeof e.device === 'string' ? e.device : '';
  const ip = typeof e.ip === 'string' ? e.ip : undefined;
  const location = typeof e.location === 'string' ? e.location : '';
  if (!device && !ip) {
    // A key or withdrawal address no intruder's sign-in is tied to: every finding about it is one incident.
    if (typeof e.apiKeyId === 'string') return `key:${e.apiKeyId}`;
    if (typeof e.addressId === 'string') return `address:${e.addressId}`;
    return undefined;
  }
  const family = familyOf({ device });
  const identity = isTellingFamily(family) ? family : `text:${foldText(device)}`;
  const net = networkOfIp(ctx, ip);
  const network = net ? `as${net.asn}` : (prefixOf(ip) ?? (location ? `at:${foldText(location)}` : undefined));
  // Nothing says where it was: the row itself (its device and time) is all that ties findings together.
  if (network === undefined) return `row:${foldText(device)}\u0000${String(e.time ?? '')}`;
  return `${identity}\u0000${network}`;
}

/**
 * One severity for everything found about one intruder: the worst reason's, raised to high when a takeover sign at
 * medium or above stands beside another reason (an untrusted device with failed sign-ins or a weaker factor; the
 * user's own identity abroad with a copied session), or when two takeover signs meet.
 */
export function combinedSeverity(reasons: Pick<IncidentReason, 'rule' | 'severity'>[]): Severity {
  let worst: Severity = 'low';
  for (const r of reasons) if (rank[r.severity] < rank[worst]) worst = r.severity;
  if (worst === 'high') return worst;
  const rules = new Set(reasons.map((r) => r.rule));
  if (rules.size < 2) return worst;
  const signs = reasons.filter((r) => TAKEOVER_SIGNS.has(r.rule));
  const signRules = new Set(signs.map((r) => r.rule));
  if (signs.some((r) => r.severity !== 'low')) return 'high';
  if (signRules.size >= 2 && worst === 'medium') return 'high';
  // The user's own schedule is something they stated: broken together with another oddity, it is worth a look.
  if (rules.has('outside-schedule') && worst === 'low') return 'medium';
  return worst;
}

const asReason = (f: Finding): IncidentReason => ({
  rule: f.rule,
  subject: f.subject,
  severity: f.severity,
  reason: f.reason,
  ...(f.message ? { message: f.message } : {}),
  evidence: f.evidence,
});

/**
 * At most MAX_INCIDENT_REASONS of the reasons, in their order: each rule's first (its worst: they are sorted worst
 * first), then the others as they come. The combined severity of what is kept is that of all of them: it reads the
 * worst reason, the rules, and each rule's worst.
 */
export function keptReasons(sorted: IncidentReason[]): IncidentReason[] {
  if (sorted.length <= MAX_INCIDENT_REASONS) return sorted;
  const keep = new Uint8Array(sorted.length);
  const rules = new Set<string>();
  let n = 0;
  sorted.forEach((r, i) => {
    if (rules.has(r.rule)) return;
    rules.add(r.rule);
    keep[i] = 1;
    n++;
  });
  for (let i = 0; i < sorted.length && n < MAX_INCIDENT_REASONS; i++) {
    if (keep[i]) continue;
    keep[i] = 1;
    n++;
  }
  return sorted.filter((_, i) => keep[i] === 1);
}

/**
 * Folds the findings into one incident per intruder subject: the leading finding (worst, then in rule order)
 * stands for it, its severity is the combination of all, and `reasons` carries its reasons with their evidence
 * (every one, up to MAX_INCIDENT_REASONS: `keptReasons`). Findings naming no device or address, and upkeep
 * findings, stay as they are.
 */
export function foldIncidents(ctx: RuleContext, findings: Finding[], rules: Rule[] = allRules): Finding[] {
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const groups = new Map<string, Finding[]>();
  const out: (Finding | Finding[])[] = [];
  for (const f of findings) {
    const who = intruderOf(ctx, f);
    if (who === undefined) {
      out.push(f);
      continue;
    }
    let g = groups.get(who);
    if (!g) {
      g = [];
      groups.set(who, g);
      out.push(g);
    }
    g.push(f);
  }
  return out.map((g) => {
    if (!Array.isArray(g)) return g;
    if (g.length === 1) return g[0] as Finding;
    const sorted = [...g].sort(
      (a, b) => rank[a.severity] - rank[b.severity] || (order.get(a.rule) ?? 99) - (order.get(b.rule) ?? 99),
    );
    const lead = sorted[0] as Finding;
    const reasons = sorted.map(asReason);
    return { ...lead, severity: combinedSeverity(reasons), reasons: keptReasons(reasons) };
  });
}

/** Every rule over the context, its findings folded into one incident per intruder: what the user is warned of. */
export function judge(ctx: RuleContext, rules: Rule[] = allRules): Finding[] {
  return foldIncidents(ctx, runRules(ctx, rules), rules);
}
