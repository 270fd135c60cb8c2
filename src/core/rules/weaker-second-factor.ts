import type { Finding, SecondFactor } from '../types';
import { activities, deviceLabel, historyBefore, isEnoughBaseline, isTrusted } from './history';
import type { Rule } from './rule';

const STRONG: SecondFactor[] = ['authenticator', 'passkey', 'security-key'];
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
    const out: Finding[] = [];
    for (const a of activities(ctx)) {
      if (a.source !== 'login' || !a.secondFactor || !WEAK.includes(a.secondFactor)) continue;
      const baseline = historyBefore(ctx, a.time);
      if (!isEnoughBaseline(ctx, baseline)) continue;
      const factors = baseline.map((l) => l.secondFactor).filter((f) => f !== undefined && f !== 'other');
      const strong = factors.filter((f) => STRONG.includes(f));
      // "Normally": most sign-ins whose factor the page shows used a strong one.
      if (!strong.length || strong.length * 2 < factors.length) continue;
      const usual = strong[strong.length - 1] as SecondFactor;
      const trusted = isTrusted(ctx, a);
      out.push({
        rule: 'weaker-second-factor',
        subject: a.subject,
        severity: trusted ? 'medium' : 'high',
        reason: `${deviceLabel(a)} signed in with ${NAMES[a.secondFactor]}, but your account normally uses ${NAMES[usual]} (${strong.length} of ${factors.length} earlier sign-ins). ${trusted ? 'It was a trusted device; check you did this yourself.' : 'A switch to SMS or e-mail on a new device is how SIM-swap and mailbox takeovers look.'}`,
        evidence: {
          device: a.device,
          ip: a.ip,
          location: a.location,
          time: a.time,
          secondFactor: a.secondFactor,
          usual,
        },
      });
    }
    return out;
  },
};
