import { isTrusted } from './history';
import { homePrefixes, prefixOf, renumberedFrom } from './network';
import type { Rule } from './rule';
import { sessionTime, strangerFindings } from './session-flood';

/**
 * A live session whose device matches none of the user's trusted devices (a flood of them folds:
 * session-flood.ts). High from a network the account is not used from; medium on the home network (a new phone
 * with the usual second factor is the common case there, and the incident turns high when failed sign-ins or a
 * weaker factor join it); low when a trusted device's own words are on its provider's new prefix (renumbering).
 */
export const unknownDevice: Rule = {
  id: 'unknown-device',
  title: 'A session on a device you have not marked as trusted',
  // A new untrusted session is this warning too: its reason says it is new, and the badge counts it once.
  supersedes: ['new-session'],
  evaluate(ctx) {
    let home: Set<string> | undefined;
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
