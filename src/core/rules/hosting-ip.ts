import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityTrusted,
  deviceLabel,
  familyOf,
  hasFamilyBefore,
  isTellingFamily,
  trustedEntryOf,
} from './history';
import { activityNetworks, activityRented, IdentityNetworks, isKnownNetwork, isRentedNetwork } from './network';
import type { Rule } from './rule';

/**
 * A sign-in from a datacenter, VPN or Tor address. Trusted devices are judged too: a session cookie stolen by an
 * infostealer, or relayed by a phishing proxy, shows the site the victim's exact browser from a rented server, so
 * the user's own device identity on a rented network it never used is the strongest sign of a stolen session.
 * The same identity on a rented network it used before (the user's VPN) is low.
 */
export const hostingIp: Rule = {
  id: 'hosting-ip',
  title: 'A sign-in from a datacenter, cloud, VPN or Tor address',
  evaluate(ctx) {
    const groups = new FindingGroups();
    if (!ctx.geo) return groups.findings;
    // Rented networks always have a provider: where the identity has been is its providers.
    const where = new IdentityNetworks(ctx, false);
    const acts = activities(ctx);
    const networkAt = activityNetworks(ctx);
    const rentedAt = activityRented(ctx);
    const trustedAt = activityTrusted(ctx);
    for (let i = 0; i < acts.length; i++) {
      // Most sign-ins are settled by one lookup: not a rented network (asked without the network's object).
      if (!rentedAt.at(i)) continue;
      const a = acts[i] as Activity;
      const net = networkAt.at(i);
      if (!net || !isRentedNetwork(net)) continue;
      const family = familyOf(a);
      const trusted = trustedAt.at(i);
      const own = trusted || (isTellingFamily(family) && hasFamilyBefore(ctx, family, a.time));
      const entry = own ? trustedEntryOf(ctx, a) : undefined;
      const used =
        own && (isKnownNetwork(where.before(family, a.time), a, net) || Boolean(entry?.asns?.includes(net.asn)));
      const tor = net.kind === 'tor';
      // own and used: the user's VPN; own and new: a stolen session; not own: a stranger on a server.
      const verdict = own ? (used ? 'usual' : 'stolen') : 'stranger';
      const key = [net.asn, net.name, family, verdict];
      if (groups.repeat(key, a.time)) continue;
      const device = a.device || { key: 'reason_anUnnamedDevice', args: [] };
      const what = tor ? 'a Tor exit' : `an address of ${net.name} (a hosting or VPN provider, AS${net.asn})`;
      groups.add(key, {
        rule: 'hosting-ip',
        subject: a.key,
        severity: verdict === 'usual' ? 'low' : 'high',
        reason:
          verdict === 'usual'
            ? tor
              ? `${deviceLabel(a)} signed in from ${a.ip}, a Tor exit. This device used Tor before.`
              : `${deviceLabel(a)} signed in from ${a.ip}, ${what}. This device used this network before, so this is probably your VPN.`
            : verdict === 'stolen'
              ? tor
                ? `${deviceLabel(a)} signed in from ${a.ip}, a Tor exit this device of yours never used: a stolen session is often replayed through Tor.`
                : `${deviceLabel(a)} signed in from ${a.ip}, ${what}, which this device of yours never used before. A stolen session cookie or a phishing proxy shows the site exactly your browser from a rented server.`
              : tor
                ? `${deviceLabel(a)} signed in from ${a.ip}, a Tor exit, and it is not a device you have trusted.`
                : `${deviceLabel(a)} signed in from ${a.ip}, ${what}, and it is not a device you have trusted. Attackers often work from rented servers.`,
        message: {
          key:
            verdict === 'usual'
              ? tor
                ? 'reason_torUsual'
                : 'reason_hostingUsual'
              : verdict === 'stolen'
                ? tor
                  ? 'reason_torStolen'
                  : 'reason_hostingStolen'
                : tor
                  ? 'reason_tor'
                  : 'reason_hosting',
          args: [device, String(a.ip), ...(tor ? [] : [net.name, String(net.asn)])],
        },
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          provider: net.name,
          asn: net.asn,
          network: net.kind,
          ...(own ? { identity: trusted ? 'trusted' : 'usual' } : {}),
        },
      });
    }
    return groups.findings;
  },
};
