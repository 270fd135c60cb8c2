import type { Finding } from '../types';
import {
  type Activity,
  activities,
  activityTimes,
  deviceLabel,
  familyOf,
  hasFamilyBefore,
  isTellingFamily,
  successfulLogins,
  successfulTimes,
} from './history';
import { activityNetworks, IdentityNetworks, isKnownNetwork } from './network';
import type { Rule } from './rule';

const DAY = 86_400_000;
/** Months without a sign-in make an account dormant: the kind attackers keep credentials for. */
export const DORMANT_DAYS = 90;

/**
 * A dormant account (no sign-in for months) woken by a device or network it was never used from, at any hour:
 * nobody is watching it, which is why stolen credentials are tried there. A new device is high; the user's own
 * device on a new network medium.
 */
export const dormantAccount: Rule = {
  id: 'dormant-account',
  title: 'A sign-in after months of silence from a new device or network',
  evaluate(ctx) {
    const out: Finding[] = [];
    const logins = successfulLogins(ctx);
    if (!logins.length) return out;
    const times = successfulTimes(ctx);
    const where = new IdentityNetworks(ctx);
    const networkAt = activityNetworks(ctx);
    const acts = activities(ctx);
    let fed = 0;
    let previous: number | undefined;
    // Each sign-in's time from the column: its row is read only when it ends a silence.
    const actTimes = activityTimes(ctx);
    for (let i = 0; i < acts.length; i++) {
      const time = actTimes[i] as number;
      // The latest sign-in strictly before this one.
      while (fed < times.length && (times[fed] as number) < time) previous = times[fed++];
      if (previous === undefined || time - previous < DORMANT_DAYS * DAY) continue;
      const a = acts[i] as Activity;
      const family = familyOf(a);
      // Devices seen before the sign-in: only asked when a sign-in ends a silence (rare).
      const isNewDevice = !isTellingFamily(family) || !hasFamilyBefore(ctx, family, a.time);
      const net = networkAt.at(i);
      const isNewNetwork = isNewDevice || !isKnownNetwork(where.before(family, a.time), a, net);
      if (!isNewDevice && !isNewNetwork) continue;
      const days = Math.round((a.time - previous) / DAY);
      out.push({
        rule: 'dormant-account',
        subject: a.key,
        severity: isNewDevice ? 'high' : 'medium',
        reason: isNewDevice
          ? `${deviceLabel(a)} signed in after ${days} days without any sign-in, and the account was never used on it: dormant accounts are where stolen passwords are tried.`
          : `${deviceLabel(a)} signed in after ${days} days without any sign-in, from a network it never used.`,
        message: {
          key: isNewDevice ? 'reason_dormantNewDevice' : 'reason_dormantNewNetwork',
          args: [a.device || { key: 'reason_anUnnamedDevice', args: [] }, String(days)],
        },
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          dormantDays: days,
          ...(net ? { provider: net.name, asn: net.asn, network: net.kind } : {}),
        },
      });
    }
    return out;
  },
};
