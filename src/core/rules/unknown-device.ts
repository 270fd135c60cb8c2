import type { StoredSession } from '../types';
import { isTrusted, placeOf } from './history';
import { homePrefixes, isRentedNetwork, networkOfIp, prefixOf, renumberedFrom } from './network';
import type { Rule, RuleContext } from './rule';
import { sessionTime, strangerFindings } from './session-flood';

/**
 * Whether an untrusted live session is one the account came with and nothing singles out: listed when the account
 * was first read (a time the page cannot set), not on a rented network, and in the country of this browser's own
 * session (the one the page marks current) when both places are known. Its device text plays no part: anyone can
 * copy it. Such a session is asked about ("is it yours?"), not raised: on a first scan every device of the user's
 * is untrusted, and the stranger among them is the one whose network, place or sign-ins stand out (the rules that
 * see those raise its incident to high).
 */
function isQuietFromTheStart(ctx: RuleContext, s: StoredSession, isNew: boolean, here: string | undefined): boolean {
  if (isNew || s.firstObservedAt > ctx.account.firstScanAt) return false;
  if (isRentedNetwork(networkOfIp(ctx, s.ip))) return false;
  if (s.isCurrent || here === undefined) return true;
  const country = placeOf(ctx, s.location)?.country;
  return country === undefined || country === here;
}

/** The country of this browser's own live session, unless it is on a rented network (then it says nothing). */
function countryOfThisBrowser(ctx: RuleContext): string | undefined {
  const own = ctx.sessions.find((s) => s.isCurrent && s.goneAt === undefined);
  if (!own || isRentedNetwork(networkOfIp(ctx, own.ip))) return undefined;
  return placeOf(ctx, own.location)?.country;
}

/**
 * A live session whose device matches none of the user's trusted devices (a flood of them folds:
 * session-flood.ts). High from a network the account is not used from; medium on the home network (a new phone
 * with the usual second factor is the common case there, and the incident turns high when failed sign-ins or a
 * weaker factor join it); low when a trusted device's own words are on its provider's new prefix (renumbering),
 * and low, as a question, for a session listed since the account was first read with nothing about its network
 * or place standing out (isQuietFromTheStart).
 */
export const unknownDevice: Rule = {
  id: 'unknown-device',
  title: 'A session on a device you have not marked as trusted',
  // A new untrusted session is this warning too: its reason says it is new, and the badge counts it once.
  supersedes: ['new-session'],
  evaluate(ctx) {
    let home: Set<string> | undefined;
    let here: { country: string | undefined } | undefined;
    const isHome = (ip: string | undefined) => {
      home ??= homePrefixes(
        ctx,
        ctx.sessions.filter((s) => s.goneAt === undefined && !isTrusted(ctx, s)),
      );
      const p = prefixOf(ip);
      return p !== undefined && home.has(p);
    };
    return strangerFindings(
      ctx,
      () => true,
      (s, isNew) => {
        const moved = renumberedFrom(ctx, s);
        const device = s.device || { key: 'reason_anUnnamedDevice', args: [] };
        const evidence = {
          device: s.device,
          ip: s.ip,
          location: s.location,
          time: sessionTime(s),
          ...(isNew ? { isNew: true } : {}),
        };
        if (moved) {
          return {
            rule: 'unknown-device',
            subject: s.key,
            severity: 'low',
            reason: `${s.device || 'An unnamed device'} matches your trusted device "${moved.entry.name}" but is on a new address of the same provider (${moved.net.name}) outside ${moved.range}: probably your provider renumbered your line.`,
            message: {
              key: 'reason_unknownDeviceRenumbered',
              args: [device, moved.entry.name, moved.net.name, moved.range],
            },
            evidence: { ...evidence, provider: moved.net.name, asn: moved.net.asn, renumberedFrom: moved.range },
          };
        }
        here ??= { country: countryOfThisBrowser(ctx) };
        if (isQuietFromTheStart(ctx, s, isNew, here.country)) {
          return {
            rule: 'unknown-device',
            subject: s.key,
            severity: 'low',
            reason: `${s.device || 'An unnamed device'} was already signed in${s.location ? ` from ${s.location}` : ''} when this account was first read, and nothing about its network or place stands out. Is it yours? If so, tick it in "Which of these sessions are yours?".`,
            message: {
              key: `reason_unknownDevice${s.location ? 'From' : ''}Yours`,
              args: [device, ...(s.location ? [s.location] : [])],
            },
            evidence: { ...evidence, isFromFirstScan: true },
          };
        }
        const atHome = isHome(s.ip);
        return {
          rule: 'unknown-device',
          subject: s.key,
          severity: atHome ? 'medium' : 'high',
          reason: `${s.device || 'An unnamed device'} is signed in${s.location ? ` from ${s.location}` : ''} and matches none of your trusted devices${isNew ? ' (new since your last visit)' : ''}.${atHome ? ' It is on the network you usually sign in from.' : ''}`,
          message: {
            key: `reason_unknownDevice${s.location ? 'From' : ''}${isNew ? 'New' : ''}${atHome ? 'Home' : ''}`,
            args: [device, ...(s.location ? [s.location] : [])],
          },
          evidence: { ...evidence, ...(atHome ? { homeNetwork: true } : {}) },
        };
      },
    );
  },
};
