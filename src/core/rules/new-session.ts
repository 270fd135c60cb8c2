import type { StoredSession } from '../types';
import type { Rule } from './rule';
import { strangerFindings } from './session-flood';

const signedInAt = (s: StoredSession) => s.firstSeen ?? s.firstObservedAt;

/** An untrusted session that appeared since the previous visit to the page (a flood of them folds: session-flood.ts). */
export const newSession: Rule = {
  id: 'new-session',
  title: 'A new session since your last visit, on a device you have not trusted',
  evaluate(ctx) {
    if (!ctx.newSessionKeys.length) return [];
    return strangerFindings(
      ctx,
      (isNew) => isNew,
      (s) => ({
        rule: 'new-session',
        subject: s.key,
        severity: 'medium',
        reason: `${s.device || 'A device'}${s.location ? ` in ${s.location}` : ''} signed in since your last visit and is not one of your trusted devices.`,
        message: {
          key: s.location ? 'reason_newSessionIn' : 'reason_newSession',
          args: [s.device || { key: 'reason_aDevice', args: [] }, ...(s.location ? [s.location] : [])],
        },
        evidence: { device: s.device, ip: s.ip, location: s.location, time: signedInAt(s) },
      }),
      signedInAt,
    );
  },
};
