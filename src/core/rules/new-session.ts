import type { Finding } from '../types';
import { isTrusted } from './history';
import type { Rule } from './rule';

/** An untrusted session that appeared since the previous visit to the page. */
export const newSession: Rule = {
  id: 'new-session',
  title: 'A new session since your last visit, on a device you have not trusted',
  evaluate(ctx) {
    if (!ctx.newSessionKeys.length) return [];
    const out: Finding[] = [];
    const fresh = new Set(ctx.newSessionKeys);
    for (const s of ctx.sessions) {
      if (!fresh.has(s.key) || s.goneAt !== undefined || isTrusted(ctx, s)) continue;
      out.push({
        rule: 'new-session',
        subject: s.key,
        severity: 'medium',
        reason: `${s.device || 'A device'}${s.location ? ` in ${s.location}` : ''} signed in since your last visit and is not one of your trusted devices.`,
        message: {
          key: s.location ? 'reason_newSessionIn' : 'reason_newSession',
          args: [s.device || { key: 'reason_aDevice', args: [] }, ...(s.location ? [s.location] : [])],
        },
        evidence: { device: s.device, ip: s.ip, location: s.location, time: s.firstSeen ?? s.firstObservedAt },
      });
    }
    return out;
  },
};
