import { parseIp, sameNetwork } from '../ip';
import { foldText } from '../text';
import type { Finding, StoredSession } from '../types';
import { isTrusted } from './history';
import type { Rule } from './rule';

/** The full user agent, or the device text when it names a model: a plain "Chrome on Windows" is everyone. */
function specificDevice(s: StoredSession): string | undefined {
  if (s.userAgent && s.userAgent.length > 40) return `ua:${foldText(s.userAgent)}`;
  return undefined;
}

function isPublic(ip: string | undefined): ip is string {
  const p = ip ? parseIp(ip) : undefined;
  return p !== undefined && !p.isNonPublic;
}

/** The same untrusted address or device holding sessions on two of the user's accounts. */
export const crossAccount: Rule = {
  id: 'cross-account',
  title: 'The same unknown address or device on several of your accounts',
  evaluate(ctx) {
    const out: Finding[] = [];
    for (const s of ctx.sessions) {
      if (s.goneAt !== undefined || isTrusted(ctx, s)) continue;
      const ua = specificDevice(s);
      for (const other of ctx.otherAccounts) {
        if (other.account.id === ctx.account.id) continue;
        const hit = other.sessions.find(
          (o) =>
            o.goneAt === undefined &&
            ((isPublic(s.ip) && isPublic(o.ip) && sameNetwork(s.ip, o.ip)) ||
              (ua !== undefined && specificDevice(o) === ua)),
        );
        if (!hit) continue;
        const byIp = isPublic(s.ip) && isPublic(hit.ip) && sameNetwork(s.ip, hit.ip);
        out.push({
          rule: 'cross-account',
          subject: `${s.key}|${other.account.id}`,
          severity: 'medium',
          reason: `${s.device || 'A device'} you have not trusted is signed in here and on ${other.account.siteId} (${other.account.hint}) ${byIp ? `from the same network (${s.ip})` : 'with the same browser fingerprint'}. If it is yours, trust it; if not, both accounts are exposed.`,
          message: {
            key: byIp ? 'reason_crossAccountNetwork' : 'reason_crossAccountFingerprint',
            args: [
              s.device || { key: 'reason_aDevice', args: [] },
              other.account.siteId,
              other.account.hint,
              ...(byIp ? [String(s.ip)] : []),
            ],
          },
          evidence: {
            device: s.device,
            ip: s.ip,
            location: s.location,
            time: s.lastActive ?? s.firstSeen,
            otherAccount: other.account.id,
          },
        });
        break;
      }
    }
    return out;
  },
};
