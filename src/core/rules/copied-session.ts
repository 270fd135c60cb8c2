import { hasCityCoords } from '../enrich';
import { haversineKm } from '../geo';
import type { Finding, StoredSession } from '../types';
import { familyIndex, familyOf, isTellingFamily, isTrusted, placeOf } from './history';
import { IdentityNetworks, isKnownNetwork, isRentedNetwork, networkOfIp, prefixOf, type RowNetwork } from './network';
import type { Rule, RuleContext } from './rule';
import { sessionTime } from './session-flood';

const HOUR = 3_600_000;
/** Two sessions last active this close are in use at the same time. */
const OVERLAP_MS = HOUR;

/** Whether two sessions were in use at overlapping times: both online, or last active within the overlap. */
function isOverlapping(a: StoredSession, b: StoredSession): boolean {
  if (a.status === 'online' && b.status === 'online') return true;
  const ta = a.isCurrent ? a.lastObservedAt : a.lastActive;
  const tb = b.isCurrent ? b.lastObservedAt : b.lastActive;
  return ta !== undefined && tb !== undefined && Math.abs(ta - tb) <= OVERLAP_MS;
}

/** Whether two rows are on different networks: different providers when both are known, else far apart. */
function isElsewhere(
  ctx: RuleContext,
  a: StoredSession,
  na: RowNetwork | undefined,
  b: StoredSession,
  nb: RowNetwork | undefined,
): boolean {
  if (na && nb) return na.asn !== nb.asn;
  if (prefixOf(a.ip) === undefined || prefixOf(a.ip) === prefixOf(b.ip)) return false;
  const pa = placeOf(ctx, a.location);
  const pb = placeOf(ctx, b.location);
  if (!hasCityCoords(pa) || !hasCityCoords(pb)) return false;
  return haversineKm(pa, pb) > ctx.thresholds.newCityRadiusKm;
}

/**
 * The user's own device identity in use from two networks at once, or a live session whose address moved to
 * another provider between visits: what a replayed session cookie or a phishing proxy's relayed login looks like
 * (Entra ID Protection's "anomalous token", Okta's "session context change"). The copy is the session on a network
 * the identity never used; the page's current-session marker says which one is this browser.
 */
export const copiedSession: Rule = {
  id: 'copied-session',
  title: 'Your own device in use from two networks at once, or a session that moved to another provider',
  evaluate(ctx) {
    const out: Finding[] = [];
    if (!ctx.geo) return out;
    const live = ctx.sessions.filter((s) => s.goneAt === undefined && s.ip);
    if (!live.length) return out;
    const where = new IdentityNetworks(ctx);
    const end = Number.POSITIVE_INFINITY;
    // The account's usual devices, read from the history only when two live sessions share a device.
    const own = (s: StoredSession) => s.isCurrent || isTrusted(ctx, s) || familyIndex(ctx).ids.has(familyOf(s));
    const flagged = new Set<string>();
    const nets = new Map(live.map((s) => [s.key, networkOfIp(ctx, s.ip)]));
    const byFamily = new Map<string, StoredSession[]>();
    for (const s of live) {
      const f = familyOf(s);
      if (!isTellingFamily(f)) continue;
      const list = byFamily.get(f) ?? [];
      list.push(s);
      byFamily.set(f, list);
    }
    for (const [f, list] of byFamily) {
      const mine = list.length < 2 ? [] : list.filter(own);
      if (mine.length < 2) byFamily.delete(f);
      else byFamily.set(f, mine);
    }
    for (const [family, list] of byFamily) {
      if (list.length < 2) continue;
      // The copy: a session on a network the identity never used, never the page's current session.
      for (const copy of list) {
        if (copy.isCurrent || flagged.has(copy.key)) continue;
        const net = nets.get(copy.key);
        // A phone on its carrier and on Wi-Fi at once is one phone; a copy from a carrier is not judged so.
        if (net?.kind === 'mobile') continue;
        const original = list.find(
          (o) =>
            o !== copy &&
            nets.get(o.key)?.kind !== 'mobile' &&
            isOverlapping(o, copy) &&
            isElsewhere(ctx, o, nets.get(o.key), copy, net),
        );
        // The history is asked last: most pairs are settled by time and network.
        if (!original || isKnownNetwork(where.before(family, end), copy, net)) continue;
        flagged.add(copy.key);
        const device = copy.device || { key: 'reason_anUnnamedDevice', args: [] };
        out.push({
          rule: 'copied-session',
          subject: copy.key,
          severity: 'high',
          reason: `${copy.device || 'An unnamed device'} is in use from ${copy.ip} while ${original.isCurrent ? 'this browser, the same device,' : 'the same device'} is in use from ${original.ip}, and it never signed in from that network before: the session may have been copied (a stolen cookie or a phishing proxy).`,
          message: {
            key: original.isCurrent ? 'reason_copiedSessionThisBrowser' : 'reason_copiedSession',
            args: [device, String(copy.ip), String(original.ip)],
          },
          evidence: {
            device: copy.device,
            ip: copy.ip,
            location: copy.location,
            time: sessionTime(copy),
            otherIp: original.ip,
            otherLocation: original.location,
            ...(net ? { provider: net.name, asn: net.asn, network: net.kind } : {}),
            ...(original.isCurrent ? { otherIsThisBrowser: true } : {}),
          },
        });
      }
    }
    // A session whose address moved to another provider between visits.
    for (const s of live) {
      if (flagged.has(s.key) || !s.previousIp || s.previousIp === s.ip) continue;
      const before = networkOfIp(ctx, s.previousIp);
      const now = nets.get(s.key);
      if (!before || !now || before.asn === now.asn) continue;
      // Wi-Fi to the carrier and back is a phone moving about.
      if (before.kind === 'mobile' || now.kind === 'mobile') continue;
      const family = familyOf(s);
      const seen = isTellingFamily(family) ? where.before(family, end) : undefined;
      if (seen && isKnownNetwork(seen, s, now)) continue;
      const rented = isRentedNetwork(now);
      const device = s.device || { key: 'reason_anUnnamedDevice', args: [] };
      out.push({
        rule: 'copied-session',
        subject: `moved|${s.key}`,
        severity: rented ? 'high' : 'medium',
        reason: `${s.device || 'An unnamed device'}'s session moved from ${s.previousIp} (${before.name}) to ${s.ip} (${now.name}) between your visits${rented ? ', a hosting or VPN network it never used: a session carried to a rented server may have been copied.' : ': a session carried to another network may have been copied.'}`,
        message: {
          key: rented ? 'reason_sessionMovedRented' : 'reason_sessionMoved',
          args: [device, s.previousIp, before.name, String(s.ip), now.name],
        },
        evidence: {
          device: s.device,
          ip: s.ip,
          location: s.location,
          time: sessionTime(s),
          previousIp: s.previousIp,
          provider: now.name,
          asn: now.asn,
          network: now.kind,
        },
      });
    }
    return out;
  },
};
