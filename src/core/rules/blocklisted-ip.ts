import { cidrListMatcher } from '../ip';
import type { Finding } from '../types';
import { activities, isJudged } from './history';
import type { Rule } from './rule';

/** A session or login from an address or range on the user's blocklist. */
export const blocklistedIp: Rule = {
  id: 'blocklisted-ip',
  title: 'A sign-in or attempt from an address on your blocklist',
  evaluate(ctx) {
    if (!ctx.blocklist.length) return [];
    const out: Finding[] = [];
    const matcher = cidrListMatcher(ctx.blocklist);
    const listed = (ip: string | undefined) => (ip ? matcher(ip) : undefined);
    for (const a of activities(ctx)) {
      if (!isJudged(ctx, a)) continue;
      const entry = listed(a.ip);
      if (!entry) continue;
      out.push({
        rule: 'blocklisted-ip',
        subject: a.subject,
        severity: 'high',
        reason: `${a.device || 'A device'} ${a.source === 'session' ? 'holds a session' : 'signed in'} from ${a.ip}, which is on your blocklist (${entry}).`,
        message: {
          key: a.source === 'session' ? 'reason_blocklistedSession' : 'reason_blocklistedSignIn',
          args: [a.device || { key: 'reason_aDevice', args: [] }, String(a.ip), entry],
        },
        evidence: { device: a.device, ip: a.ip, location: a.location, time: a.time, blocklistEntry: entry },
      });
    }
    for (const l of ctx.logins) {
      if (l.outcome !== 'failed' || !isJudged(ctx, l)) continue;
      const entry = listed(l.ip);
      if (!entry) continue;
      out.push({
        rule: 'blocklisted-ip',
        subject: l.key,
        severity: 'medium',
        reason: `A failed sign-in attempt came from ${l.ip}, which is on your blocklist (${entry}).`,
        message: { key: 'reason_blocklistedFailed', args: [String(l.ip), entry] },
        evidence: { device: l.device, ip: l.ip, location: l.location, time: l.time, blocklistEntry: entry },
      });
    }
    return out;
  },
};
