import type { Finding } from '../types';
import { isTrusted } from './history';
import type { Rule } from './rule';

/** A live session whose device matches none of the user's trusted devices. */
export const unknownDevice: Rule = {
  id: 'unknown-device',
  title: 'A session on a device you have not marked as trusted',
  // A new untrusted session is this warning too: its reason says it is new, and the badge counts it once.
  supersedes: ['new-session'],
  evaluate(ctx) {
    const out: Finding[] = [];
    const fresh = new Set(ctx.newSessionKeys);
    for (const s of ctx.sessions) {
      // The same trust test as every other rule, the place's country included.
      if (s.goneAt !== undefined || isTrusted(ctx, s)) continue;
      const isNew = fresh.has(s.key);
      out.push({
        rule: 'unknown-device',
        subject: s.key,
        severity: 'high',
        reason: `${s.device || 'An unnamed device'} is signed in${s.location ? ` from ${s.location}` : ''} and matches none of your trusted devices${isNew ? ' (new since your last visit)' : ''}.`,
        message: {
          key: `reason_unknownDevice${s.location ? 'From' : ''}${isNew ? 'New' : ''}`,
          args: [s.device || { key: 'reason_anUnnamedDevice', args: [] }, ...(s.location ? [s.location] : [])],
        },
        evidence: {
          device: s.device,
          ip: s.ip,
          location: s.location,
          time: s.lastActive ?? s.firstSeen,
          ...(isNew ? { isNew: true } : {}),
        },
      });
    }
    return out;
  },
};
