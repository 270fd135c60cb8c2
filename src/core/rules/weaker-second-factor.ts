import type { Finding, SecondFactor } from '../types';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityLoginIndex,
  activityTrusted,
  deviceLabel,
  familyIndex,
  familyOf,
  isEnoughBaseline,
  successfulLogins,
  successfulTimes,
  type TimedLogin,
} from './history';
import type { Rule } from './rule';

/** The strong factors: an authenticator app, a passkey, a security key (compared, not searched in a list per login). */
const isStrong = (f: SecondFactor) => f === 'authenticator' || f === 'passkey' || f === 'security-key';
const WEAK: SecondFactor[] = ['sms', 'email', 'none'];
const NAMES: Record<SecondFactor, string> = {
  authenticator: 'an authenticator app',
  passkey: 'a passkey',
  'security-key': 'a security key',
  sms: 'an SMS code',
  email: 'an e-mail code',
  none: 'no second factor',
  other: 'another method',
};

/**
 * A sign-in with SMS or e-mail on an account that normally uses an authenticator or key: the sign of a SIM
 * swap or a taken-over mailbox.
 */
export const weakerSecondFactor: Rule = {
  id: 'weaker-second-factor',
  title: 'A sign-in with a weaker second factor than your account normally uses',
  evaluate(ctx) {
    const groups = new FindingGroups();
    // Running tallies over the earlier sign-ins: factors the page shows, strong ones, the latest strong one.
    const seen: { factors: number; strong: number; usual?: SecondFactor } = { factors: 0, strong: 0 };
    // The baseline fed oldest first, as `baselineCursor` would, in a loop of its own (one call per sign-in judged,
    // not one per login fed).
    const logins = successfulLogins(ctx);
    const times = successfulTimes(ctx);
    let fed = 0;
    const advance = (t: number) => {
      for (; fed < times.length && (times[fed] as number) < t; fed++) {
        const factor = (logins[fed] as TimedLogin).secondFactor;
        if (factor === undefined || factor === 'other') continue;
        seen.factors++;
        if (isStrong(factor)) {
          seen.strong++;
          seen.usual = factor;
        }
      }
      return fed;
    };
    const acts = activities(ctx);
    const trustedAt = activityTrusted(ctx);
    // A login's warning group by its family number, weak factor and trust: a history of weak sign-ins repeats a
    // few groups thousands of times, and the group's own key is two texts and a flag.
    const loginOf = activityLoginIndex(ctx);
    const familyIdOf = familyIndex(ctx).familyOf;
    const groupOf = new Map<number, number>();
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i] as Activity;
      const weak = a.source === 'session' || !a.secondFactor ? -1 : WEAK.indexOf(a.secondFactor);
      if (weak < 0 || !a.secondFactor) continue;
      if (!isEnoughBaseline(ctx, advance(a.time))) continue;
      // "Normally": most sign-ins whose factor the page shows used a strong one.
      const { factors, strong, usual } = seen;
      if (!usual || strong * 2 < factors) continue;
      const trusted = trustedAt(i);
      // One warning per device and factor.
      const li = loginOf[i] as number;
      const slot = li >= 0 ? ((familyIdOf[li] as number) * WEAK.length + weak) * 2 + (trusted ? 1 : 0) : -1;
      const known = slot >= 0 ? groupOf.get(slot) : undefined;
      if (known !== undefined) {
        groups.count(known, a.time);
        continue;
      }
      const key = [familyOf(a), a.secondFactor, trusted];
      if (groups.repeat(key, a.time)) {
        const k = groups.get(key);
        if (slot >= 0 && k !== undefined) groupOf.set(slot, k);
        continue;
      }
      const finding: Finding = {
        rule: 'weaker-second-factor',
        subject: a.key,
        severity: trusted ? 'medium' : 'high',
        reason: `${deviceLabel(a)} signed in with ${NAMES[a.secondFactor]}, but your account normally uses ${NAMES[usual]} (${strong} of ${factors} earlier sign-ins). ${trusted ? 'It was a trusted device; check you did this yourself.' : 'A switch to SMS or e-mail on a new device is how SIM-swap and mailbox takeovers look.'}`,
        message: {
          key: trusted ? 'reason_weakerFactorTrusted' : 'reason_weakerFactor',
          args: [
            a.device || { key: 'reason_anUnnamedDevice', args: [] },
            { key: `reason_factor_${a.secondFactor.replace('-', '_')}`, args: [] },
            { key: `reason_factor_${usual.replace('-', '_')}`, args: [] },
            String(strong),
            String(factors),
          ],
        },
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          secondFactor: a.secondFactor,
          usual,
        },
      };
      const k = groups.add(key, finding);
      if (slot >= 0) groupOf.set(slot, k);
    }
    return groups.findings;
  },
};
