import type { Rule } from './rule';
import { sessionTime, strangerFindings } from './session-flood';

/** A live session whose device matches none of the user's trusted devices (a flood of them folds: session-flood.ts). */
export const unknownDevice: Rule = {
  id: 'unknown-device',
  title: 'A session on a device you have not marked as trusted',
  // A new untrusted session is this warning too: its reason says it is new, and the badge counts it once.
  supersedes: ['new-session'],
  evaluate(ctx) {
    return strangerFindings(
      ctx,
      () => true,
      (s, isNew) => ({
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
          time: sessionTime(s),
          ...(isNew ? { isNew: true } : {}),
        },
      }),
    );
  },
};
