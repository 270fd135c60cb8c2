import { messageOf } from './message-of';
import type { Rule, RuleContext } from './rules/rule';
import { ruleNameKey } from './rules/rule-ids';
import type { Finding, Severity, StoredWarning } from './types';

export function warningId(accountId: string, f: Pick<Finding, 'rule' | 'subject'>): string {
  return `${accountId}|${f.rule}|${f.subject}`;
}

/**
 * Runs every rule the user has not switched off; a rule that throws is reported as its own finding instead of
 * silencing the others. A finding of a rule that another rule's finding about the same subject supersedes is left
 * out (a rule switched off supersedes nothing, so what it would have folded in speaks for itself).
 */
export function runRules(ctx: RuleContext, allOf: Rule[]): Finding[] {
  const rules = ctx.enabledRules ? allOf.filter((r) => ctx.enabledRules?.[r.id] !== false) : allOf;
  const out: Finding[] = [];
  for (const rule of rules) {
    try {
      // A loop, not push(...): a long history can give more findings than a call takes arguments.
      for (const f of rule.evaluate(ctx)) out.push(f);
    } catch (err) {
      out.push({
        rule: rule.id,
        subject: 'rule-error',
        severity: 'low',
        reason: `The check "${rule.title}" could not run: ${messageOf(err)}`,
        // The stored English names the rule by its title; a page names it from the catalogs, in its language.
        message: { key: 'reason_ruleError', args: [{ key: ruleNameKey(rule.id), args: [] }, messageOf(err)] },
        evidence: {},
      });
    }
  }
  const superseded = new Set<string>();
  const supersededRules = new Set(rules.flatMap((r) => r.supersedes ?? []));
  if (supersededRules.size) {
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const f of out) {
      for (const id of byId.get(f.rule)?.supersedes ?? []) superseded.add(`${id}\u0000${f.subject}`);
    }
  }
  if (!superseded.size) return out;
  return out.filter((f) => !supersededRules.has(f.rule) || !superseded.has(`${f.rule}\u0000${f.subject}`));
}

/**
 * The id an incident is stored under: the id of a stored warning about one of its reasons when there is one (the
 * incident keeps the identity, and the user's answer, of the warning it grew from as reasons join or the leading
 * one changes), else its leading reason's.
 */
function incidentId(byId: Map<string, StoredWarning>, accountId: string, f: Finding): string {
  const own = warningId(accountId, f);
  if (byId.has(own) || !f.reasons) return own;
  for (const r of f.reasons) {
    if (r.subject === undefined) continue;
    const id = warningId(accountId, { rule: r.rule, subject: r.subject });
    if (byId.has(id)) return id;
  }
  return own;
}

export interface Reconciled {
  upserts: StoredWarning[];
  /** Findings that opened a warning that was not open before. */
  raised: StoredWarning[];
}

/** The latest sign-in a finding stands for: a group of repeats (rules/group.ts) says when its last one was. */
function latestTime(f: Pick<Finding, 'evidence'>): number | undefined {
  const { lastTime, time } = f.evidence;
  return typeof lastTime === 'number' ? lastTime : typeof time === 'number' ? time : undefined;
}

/**
 * Whether a group of repeated findings gained a later sign-in since the stored warning: an answer covers the
 * sign-ins the user saw, not the next one from the same place or network.
 */
function hasGrownSince(prev: StoredWarning, f: Finding): boolean {
  if (typeof f.evidence.lastTime !== 'number') return false;
  const before = latestTime(prev);
  return before !== undefined && f.evidence.lastTime > before;
}

/**
 * Applies the warning lifecycle: a new finding opens a warning; a finding the user acknowledged or dismissed
 * stays quiet until a later sign-in joins its group; an open warning whose finding is gone is resolved; a resolved
 * one that comes back reopens.
 */
export function reconcileWarnings(
  existing: StoredWarning[],
  findings: Finding[],
  accountId: string,
  now: number,
): Reconciled {
  const byId = new Map(existing.map((w) => [w.id, w]));
  const found = new Set<string>();
  const upserts: StoredWarning[] = [];
  const raised: StoredWarning[] = [];
  for (const f of findings) {
    const id = incidentId(byId, accountId, f);
    if (found.has(id)) continue;
    found.add(id);
    const prev = byId.get(id);
    if (prev && (prev.state === 'acknowledged' || prev.state === 'dismissed') && !hasGrownSince(prev, f)) {
      upserts.push({ ...prev, ...f, id, accountId, state: prev.state, lastRaisedAt: now });
      continue;
    }
    const reopened = prev?.state !== 'open';
    const w: StoredWarning = {
      ...f,
      id,
      accountId,
      state: 'open',
      firstRaisedAt: prev && !reopened ? prev.firstRaisedAt : now,
      lastRaisedAt: now,
      stateChangedAt: reopened ? now : (prev?.stateChangedAt ?? now),
    };
    upserts.push(w);
    if (reopened) raised.push(w);
  }
  for (const w of existing) {
    if (!found.has(w.id) && w.state !== 'resolved') {
      upserts.push({ ...w, state: 'resolved', stateChangedAt: now });
    }
  }
  return { upserts, raised };
}

const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export function bySeverity(a: Pick<Finding, 'severity'>, b: Pick<Finding, 'severity'>): number {
  return rank[a.severity] - rank[b.severity];
}

/** What the badge counts: open high and medium warnings. */
export function countsOnBadge(w: Pick<StoredWarning, 'state' | 'severity'>): boolean {
  return w.state === 'open' && w.severity !== 'low';
}
