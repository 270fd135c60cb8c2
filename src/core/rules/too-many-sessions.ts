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
        // Not `count`: that says how many findings a group folded (group.ts), and the popup shows it as repeats.
        evidence: { sessions: live.length, max },
      },
    ];
  },
};
