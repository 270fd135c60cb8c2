import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityHosting,
  baselineCursor,
  deviceLabel,
  familyOf,
  isTellingFamily,
  isTrusted,
} from './history';
import type { Rule } from './rule';

/** A sign-in from a datacenter or VPN provider's address on a device the user has not trusted. */
export const hostingIp: Rule = {
  id: 'hosting-ip',
  title: 'A sign-in from a datacenter, cloud or VPN address',
  evaluate(ctx) {
    const groups = new FindingGroups();
    if (!ctx.geo) return groups.findings;
    const seen = new Set<string>();
    const advance = baselineCursor(ctx, (l) => seen.add(familyOf(l)));
    const acts = activities(ctx);
    const hostingAt = activityHosting(ctx);
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i] as Activity;
      const hosting = hostingAt(i);
      if (!hosting || isTrusted(ctx, a)) continue;
      // The usual browser behind a VPN is most likely the user; a stranger's device on a server is not.
      advance(a.time);
      const family = familyOf(a);
      const usual = isTellingFamily(family) && seen.has(family);
      // One warning per provider network and device.
      const key = [hosting.asn, hosting.provider, family, usual];
      if (groups.repeat(key, a.time)) continue;
      groups.add(key, {
        rule: 'hosting-ip',
        subject: a.key,
        severity: usual ? 'low' : 'high',
        reason: usual
          ? `${deviceLabel(a)} signed in from ${a.ip}, an address of ${hosting.provider} (a hosting or VPN provider). It is your usual device, so this is probably your VPN.`
          : `${deviceLabel(a)} signed in from ${a.ip}, an address of ${hosting.provider} (a hosting or VPN provider, AS${hosting.asn}), and it is not a device you have trusted. Attackers often work from rented servers.`,
        message: {
          key: usual ? 'reason_hostingUsual' : 'reason_hosting',
          args: [
            a.device || { key: 'reason_anUnnamedDevice', args: [] },
            String(a.ip),
            hosting.provider,
            ...(usual ? [] : [String(hosting.asn)]),
          ],
        },
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          provider: hosting.provider,
          asn: hosting.asn,
        },
      });
    }
    return groups.findings;
  },
};
