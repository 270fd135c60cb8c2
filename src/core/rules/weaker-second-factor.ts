import { type Finding, SECOND_FACTORS, type SecondFactor } from '../types';
import { FindingGroups } from './group';
import {
  type Activity,
  activities,
  activityLoginIndex,
  activityTimes,
  activityTrusted,
  deviceLabel,
  familyIndex,
  familyOf,
  isEnoughBaseline,
  loginFactors,
  successfulTimes,
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

/** Each `loginFactors` number's factor (0: none shown; past the words: some other text). */
const FACTOR_OF_CODE: (SecondFactor | undefined)[] = [undefined, ...SECOND_FACTORS];
const NO_FACTOR = 0;
const OTHER = SECOND_FACTORS.indexOf('other') + 1;
/** Each `loginFactors` number's place in WEAK, -1 for a factor that is not weak (or none). */
const WEAK_OF_CODE: number[] = FACTOR_OF_CODE.map((f) => (f === undefined ? -1 : WEAK.indexOf(f)));

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
    // Each login's factor as its number (`loginFactors`), not read from its row.
    const codes = loginFactors(ctx);
    const times = successfulTimes(ctx);
    let fed = 0;
    const advance = (t: number) => {
      for (; fed < times.length && (times[fed] as number) < t; fed++) {
        const code = codes[fed] as number;
        if (code === NO_FACTOR || code === OTHER) continue;
        seen.factors++;
        const factor = FACTOR_OF_CODE[code];
        if (factor !== undefined && isStrong(factor)) {
          seen.strong++;
          seen.usual = factor;
        }
      }
      return fed;
    };
    const acts = activities(ctx);
    const loginOf = activityLoginIndex(ctx);
    const trustedAt = activityTrusted(ctx);
    // A login's warning group by its family number, weak factor and trust: a history of weak sign-ins repeats a
    // few groups thousands of times, and the group's own key is two texts and a flag.
    const familyIdOf = familyIndex(ctx).familyOf;
    const groupOf = new Map<number, number>();
    const actTimes = activityTimes(ctx);
    for (let i = 0; i < acts.length; i++) {
      // A live session shows no factor; a login's is read from its number, and its row only for a new warning
      // (rows read here and there across a long history cost a cache miss each).
      const li = loginOf[i] as number;
      if (li < 0) continue;
      const weak = WEAK_OF_CODE[codes[li] as number] ?? -1;
      if (weak < 0) continue;
      const time = actTimes[i] as number;
      if (!isEnoughBaseline(ctx, advance(time))) continue;
      // "Normally": most sign-ins whose factor the page shows used a strong one.
      const { factors, strong, usual } = seen;
      if (!usual || strong * 2 < factors) continue;
      const trusted = trustedAt.at(i);
      // One warning per device and factor.
      const slot = ((familyIdOf[li] as number) * WEAK.length + weak) * 2 + (trusted ? 1 : 0);
      const known = groupOf.get(slot);
      if (known !== undefined) {
        groups.count(known, time);
        continue;
      }
      const a = acts[i] as Activity;
      if (a.source === 'session' || !a.secondFactor) continue;
      const key = [familyOf(a), a.secondFactor, trusted];
      if (groups.repeat(key, a.time)) {
        const k = groups.get(key);
        if (k !== undefined) groupOf.set(slot, k);
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
      groupOf.set(slot, groups.add(key, finding));
    }
    return groups.findings;
  },
};
