import type { Finding } from '../types';
import type { Rule } from './rule';

const DAY = 86_400_000;

/** A session signed in longer ago than the maximum lifetime: a stolen cookie would still be good. */
export const sessionLifetime: Rule = {
  id: 'session-lifetime',
  title: 'A session older than the longest you want one to live',
  evaluate(ctx) {
    const out: Finding[] = [];
    const limit = ctx.thresholds.maxSessionLifetimeDays;
    for (const s of ctx.sessions) {
      if (s.goneAt !== undefined || s.firstSeen === undefined) continue;
      const days = Math.floor((ctx.now - s.firstSeen) / DAY);
      if (days <= limit) continue;
      out.push({
        rule: 'session-lifetime',
        subject: s.key,
        severity: 'low',
        reason: `${s.device || 'A device'} signed in ${days} days ago (you set ${limit} as the longest). Signing in again renews it and ends any copy of the old session.`,
        message: {
          key: 'reason_sessionLifetime',
          args: [s.device || { key: 'reason_aDevice', args: [] }, String(days), String(limit)],
        },
        evidence: { device: s.device, ip: s.ip, location: s.location, time: s.firstSeen, days },
      });
    }
    return out;
  },
};
