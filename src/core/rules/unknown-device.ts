import { findTrustedDevice } from '../trust';
import type { Finding } from '../types';
import type { Rule } from './rule';

/** A live session whose device matches none of the user's trusted devices. */
export const unknownDevice: Rule = {
  id: 'unknown-device',
  title: 'A session on a device you have not marked as trusted',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const s of ctx.sessions) {
      if (s.goneAt !== undefined) continue;
      if (
        findTrustedDevice(ctx.trustedDevices, {
          accountId: ctx.account.id,
          device: s.device,
          userAgent: s.userAgent,
          ip: s.ip,
        })
      )
        continue;
      const isNew = ctx.newSessionKeys.includes(s.key);
      out.push({
        rule: 'unknown-device',
        subject: s.key,
        severity: 'high',
        reason: `${s.device || 'An unnamed device'} is signed in${s.location ? ` from ${s.location}` : ''} and matches none of your trusted devices${isNew ? ' (new since your last visit)' : ''}.`,
        evidence: { device: s.device, ip: s.ip, location: s.location, time: s.lastActive ?? s.firstSeen },
      });
    }
    return out;
  },
};
