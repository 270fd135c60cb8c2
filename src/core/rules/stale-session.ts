import type { Finding } from '../types';
import type { Rule } from './rule';

const DAY = 86_400_000;

/** A live session unused for a long time: a forgotten device keeps access it no longer needs. */
export const staleSession: Rule = {
  id: 'stale-session',
  title: 'A session that has not been used for a long time',
  evaluate(ctx) {
    const out: Finding[] = [];
    const limit = ctx.thresholds.staleSessionDays;
    for (const s of ctx.sessions) {
      if (s.goneAt !== undefined || s.isCurrent) continue;
      const last = s.lastActive ?? s.firstSeen;
      if (last === undefined) continue;
      const days = Math.floor((ctx.now - last) / DAY);
      if (days <= limit) continue;
      out.push({
        rule: 'stale-session',
        subject: s.key,
        severity: 'low',
        reason: `${s.device || 'A device'} has not been active for ${days} days (more than ${limit}) but is still signed in. Log it out if you no longer use it.`,
        message: {
          key: 'reason_staleSession',
          args: [s.device || { key: 'reason_aDevice', args: [] }, String(days), String(limit)],
        },
        evidence: { device: s.device, ip: s.ip, location: s.location, time: last, days },
      });
    }
    return out;
  },
};
