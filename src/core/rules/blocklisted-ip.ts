import { cidrListMatcher } from '../ip';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityLoginIndex,
  failedLogins,
  familyOf,
  isJudged,
  loginV4Values,
  loginV6,
} from './history';
import type { Rule } from './rule';

/** A session or login from an address or range on the user's blocklist. */
export const blocklistedIp: Rule = {
  id: 'blocklisted-ip',
  title: 'A sign-in or attempt from an address on your blocklist',
  evaluate(ctx) {
    if (!ctx.blocklist.length) return [];
    const groups = new FindingGroups();
    const matcher = cidrListMatcher(ctx.blocklist);
    const listed = (ip: string | undefined) => (ip ? matcher(ip) : undefined);
    const acts = activities(ctx);
    const loginOf = activityLoginIndex(ctx);
    // A login's address as read once per judging for the tables: a bare v4 one is not parsed again.
    const v4 = loginV4Values(ctx);
    // A login's bare v6 address as read once for the tables: a list without v6 entries holds none of them.
    const v6 = matcher.hasV6 ? undefined : loginV6(ctx).hi;
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i] as Activity;
      const li = loginOf[i] as number;
      const value = li >= 0 ? (v4[li] as number) : -1;
      if (value < 0 && li >= 0 && v6 && (v6[li] as number) >= 0) continue;
      const entry = value >= 0 ? matcher.v4(value) : listed(a.ip);
      if (!entry) continue;
      // One warning per blocklist entry and device.
      const key = ['ok', entry, familyOf(a)];
      if (groups.repeat(key, a.time)) continue;
      groups.add(key, {
        rule: 'blocklisted-ip',
        subject: a.key,
        severity: 'high',
        reason: `${a.device || 'A device'} ${a.source === 'session' ? 'holds a session' : 'signed in'} from ${a.ip}, which is on your blocklist (${entry}).`,
        message: {
          key: a.source === 'session' ? 'reason_blocklistedSession' : 'reason_blocklistedSignIn',
          args: [a.device || { key: 'reason_aDevice', args: [] }, String(a.ip), entry],
        },
        evidence: { device: a.device, ip: a.ip, location: a.location, time: a.time, blocklistEntry: entry },
      });
    }
    for (const l of failedLogins(ctx)) {
      if (!isJudged(ctx, l)) continue;
      const entry = listed(l.ip);
      if (!entry) continue;
      const key = ['failed', entry, familyOf(l)];
      if (groups.repeat(key, l.time)) continue;
      groups.add(key, {
        rule: 'blocklisted-ip',
        subject: l.key,
        severity: 'medium',
        reason: `A failed sign-in attempt came from ${l.ip}, which is on your blocklist (${entry}).`,
        message: { key: 'reason_blocklistedFailed', args: [String(l.ip), entry] },
        evidence: { device: l.device, ip: l.ip, location: l.location, time: l.time, blocklistEntry: entry },
      });
    }
    return groups.findings;
  },
};
