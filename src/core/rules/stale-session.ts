import type { StoredSession } from '../types';
import type { Rule } from './rule';
import { deviceKind, foldSessions, SESSION_FLOOD, sessionTime } from './session-flood';

const DAY = 86_400_000;

/**
 * A live session unused for a long time: a forgotten device keeps access it no longer needs. A flood of them folds
 * per kind of device (session-flood.ts).
 */
export const staleSession: Rule = {
  id: 'stale-session',
  title: 'A session that has not been used for a long time',
  evaluate(ctx) {
    const limit = ctx.thresholds.staleSessionDays;
    const stale: StoredSession[] = [];
    for (const s of ctx.sessions) {
      if (s.goneAt !== undefined || s.isCurrent) continue;
      const last = sessionTime(s);
      if (last !== undefined && Math.floor((ctx.now - last) / DAY) > limit) stale.push(s);
    }
    return foldSessions(stale, stale.length > SESSION_FLOOD, deviceKind, (s) => {
      const last = sessionTime(s) ?? ctx.now;
      const days = Math.floor((ctx.now - last) / DAY);
      return {
        rule: 'stale-session',
        subject: s.key,
        severity: 'low',
        reason: `${s.device || 'A device'} has not been active for ${days} days (more than ${limit}) but is still signed in. Log it out if you no longer use it.`,
        message: {
          key: 'reason_staleSession',
          args: [s.device || { key: 'reason_aDevice', args: [] }, String(days), String(limit)],
        },
        evidence: { device: s.device, ip: s.ip, location: s.location, time: last, days },
      };
    });
  },
};
