import type { Rule } from './rule';

/** More live sessions than the user expects to hold. */
export const tooManySessions: Rule = {
  id: 'too-many-sessions',
  title: 'More active sessions than you set as normal',
  evaluate(ctx) {
    const live = ctx.sessions.filter((s) => s.goneAt === undefined);
    const max = ctx.thresholds.maxActiveSessions;
    if (live.length <= max) return [];
    return [
      {
        rule: 'too-many-sessions',
        subject: 'account',
        severity: 'medium',
        reason: `${live.length} sessions are signed in; you set ${max} as the most you expect. Log out the ones you do not recognise.`,
        message: { key: 'reason_tooManySessions', args: [String(live.length), String(max)] },
        evidence: { count: live.length, max },
      },
    ];
  },
};
