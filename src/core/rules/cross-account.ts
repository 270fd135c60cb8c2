import { parseIp, parseIpBits, sameNetwork } from '../ip';
import { foldText } from '../text';
import type { Finding, StoredSession } from '../types';
import { isTrusted } from './history';
import type { Rule, RuleContext } from './rule';

/** The full user agent, or the device text when it names a model: a plain "Chrome on Windows" is everyone. */
function specificDevice(s: StoredSession): string | undefined {
  if (s.userAgent && s.userAgent.length > 40) return `ua:${foldText(s.userAgent)}`;
  return undefined;
}

function isPublic(ip: string | undefined): ip is string {
  const p = ip ? parseIp(ip) : undefined;
  return p !== undefined && !p.isNonPublic;
}

/**
 * What `sameNetwork` needs equal, as text: the version and the /24 (v4) or /64 (v6), every bit of it known. Two
 * addresses on the same network have the same key; undefined when none is on the same network as anything.
 */
function networkKey(ip: string): string | undefined {
  const b = parseIpBits(ip);
  if (!b) return undefined;
  const n = b.version === 4 ? 3 : 8;
  let key = `${b.version}`;
  for (let i = 0; i < n; i++) {
    if (b.known[i] !== 0xff) return undefined;
    key += `.${b.bytes[i]}`;
  }
  return key;
}

/**
 * Another account's live sessions, indexed once per judging: per network key, the positions of its public
 * addresses, and per specific device, its first position. A scan of 1,000 sessions beside accounts of 1,000 each
 * would otherwise compare (and parse) every pair.
 */
interface OtherIndex {
  byNetwork: Map<string, number[]>;
  byDevice: Map<string, number>;
}
function indexOf(sessions: StoredSession[]): OtherIndex {
  const byNetwork = new Map<string, number[]>();
  const byDevice = new Map<string, number>();
  for (let i = 0; i < sessions.length; i++) {
    const o = sessions[i] as StoredSession;
    if (o.goneAt !== undefined) continue;
    const key = isPublic(o.ip) ? networkKey(o.ip) : undefined;
    if (key !== undefined) {
      const at = byNetwork.get(key);
      if (at) at.push(i);
      else byNetwork.set(key, [i]);
    }
    const ua = specificDevice(o);
    if (ua !== undefined && !byDevice.has(ua)) byDevice.set(ua, i);
  }
  return { byNetwork, byDevice };
}

/**
 * The first live session of the other account on the same public network as `ip` or with the same specific
 * device `ua`: what a search of its sessions in order finds.
 */
function firstMatch(
  other: StoredSession[],
  index: OtherIndex,
  ip: string | undefined,
  key: string | undefined,
  ua: string | undefined,
): StoredSession | undefined {
  let first = ua === undefined ? -1 : (index.byDevice.get(ua) ?? -1);
  if (ip !== undefined && key !== undefined) {
    for (const i of index.byNetwork.get(key) ?? []) {
      if (first >= 0 && i >= first) break;
      if (sameNetwork(ip, (other[i] as StoredSession).ip as string)) {
        first = i;
        break;
      }
    }
  }
  return first >= 0 ? other[first] : undefined;
}

/** The same untrusted address or device holding sessions on two of the user's accounts. */
export const crossAccount: Rule = {
  id: 'cross-account',
  title: 'The same unknown address or device on several of your accounts',
  evaluate(ctx) {
    const out: Finding[] = [];
    const indexes = new Map<RuleContext['otherAccounts'][number], OtherIndex>();
    const indexFor = (other: RuleContext['otherAccounts'][number]) => {
      let x = indexes.get(other);
      if (!x) {
        x = indexOf(other.sessions);
        indexes.set(other, x);
      }
      return x;
    };
    for (const s of ctx.sessions) {
      if (s.goneAt !== undefined || isTrusted(ctx, s)) continue;
      const ua = specificDevice(s);
      const ip = isPublic(s.ip) ? s.ip : undefined;
      const key = ip === undefined ? undefined : networkKey(ip);
      for (const other of ctx.otherAccounts) {
        if (other.account.id === ctx.account.id) continue;
        const hit = firstMatch(other.sessions, indexFor(other), ip, key, ua);
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
