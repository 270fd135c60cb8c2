import type { Finding } from '../types';
import { activities, deviceLabel, enrichRow, historyBefore, isTrusted, isUsualDevice } from './history';
import type { Rule } from './rule';

/** A sign-in from a datacenter or VPN provider's address on a device the user has not trusted. */
export const hostingIp: Rule = {
  id: 'hosting-ip',
  title: 'A sign-in from a datacenter, cloud or VPN address',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const a of activities(ctx)) {
      const hosting = enrichRow(ctx, a).hosting;
      if (!hosting || isTrusted(ctx, a)) continue;
      // The usual browser behind a VPN is most likely the user; a stranger's device on a server is not.
      const usual = isUsualDevice(historyBefore(ctx, a.time), a);
      out.push({
        rule: 'hosting-ip',
        subject: a.subject,
        severity: usual ? 'low' : 'high',
        reason: usual
          ? `${deviceLabel(a)} signed in from ${a.ip}, an address of ${hosting.provider} (a hosting or VPN provider). It is your usual device, so this is probably your VPN.`
          : `${deviceLabel(a)} signed in from ${a.ip}, an address of ${hosting.provider} (a hosting or VPN provider, AS${hosting.asn}), and it is not a device you have trusted. Attackers often work from rented servers.`,
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
    return out;
  },
};
