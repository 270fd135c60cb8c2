import type { Finding } from '../types';
import { deviceLabel, isJudged, isTrusted, placeOf, type TimedLogin, timedLogins } from './history';
import { prefixOf } from './network';
import type { Rule } from './rule';

const DAY = 86_400_000;
/** How far back slow guessing is looked for: spraying tools pace themselves over days to stay under burst limits. */
const SPRAY_DAYS = 14;
/** Networks (address prefixes) the failures must come from: one line mistyping is not a campaign. */
const MIN_NETWORKS = 3;

/**
 * Failed sign-ins spread over days from several networks or countries, none of them a burst: password spraying
 * and credential stuffing paced under the failed-burst window. High when a sign-in from a device the user has not
 * trusted follows from one of those networks.
 */
export const passwordSpraying: Rule = {
  id: 'password-spraying',
  title: 'Failed sign-ins spread over days from several networks',
  evaluate(ctx) {
    const out: Finding[] = [];
    const timed = timedLogins(ctx);
    const from = ctx.now - SPRAY_DAYS * DAY;
    const window = ctx.thresholds.failedLoginWindowHours * 3_600_000;
    const max = ctx.thresholds.failedLoginBurst;
    const failed: TimedLogin[] = [];
    for (let i = timed.length - 1; i >= 0; i--) {
      const l = timed[i] as TimedLogin;
      if (l.time < from) break;
      if (l.outcome === 'failed' && !isTrusted(ctx, l)) failed.push(l);
    }
    if (failed.length <= max) return out;
    failed.reverse();
    // A window that holds a burst is the burst rule's; spraying is what stays under it.
    for (let i = 0, j = 0; i < failed.length; i++) {
      while ((failed[j] as TimedLogin).time < (failed[i] as TimedLogin).time - window) j++;
      if (i - j + 1 > max) return out;
    }
    const last = failed[failed.length - 1] as TimedLogin;
    if (!isJudged(ctx, last)) return out;
    const networks = new Set<string>();
    const countries: string[] = [];
    for (const l of failed) {
      const p = prefixOf(l.ip);
      if (p) networks.add(p);
      const c = placeOf(ctx, l.location)?.country;
      if (c && !countries.includes(c)) countries.push(c);
    }
    if (networks.size < MIN_NETWORKS && countries.length < 2) return out;
    const first = failed[0] as TimedLogin;
    const success = timed.find(
      (l) => l.time > first.time && l.outcome !== 'failed' && !isTrusted(ctx, l) && networks.has(prefixOf(l.ip) ?? ''),
    );
    const days = Math.max(1, Math.round((last.time - first.time) / DAY));
    out.push({
      rule: 'password-spraying',
      subject: `spray|${first.key}`,
      severity: success ? 'high' : 'medium',
      reason: `${failed.length} failed sign-ins over ${days} days from ${networks.size} networks, never many at once${success ? `; then ${deviceLabel(success)}, which you have not trusted, signed in from one of them.` : ': someone may be guessing your password slowly.'}`,
      message: {
        key: success ? 'reason_sprayingThenSuccess' : 'reason_spraying',
        args: [
          String(failed.length),
          String(days),
          String(networks.size),
          ...(success ? [success.device || { key: 'reason_anUnnamedDevice', args: [] }] : []),
        ],
      },
      evidence: {
        device: success?.device ?? last.device,
        ip: success?.ip ?? last.ip,
        location: success?.location ?? last.location,
        time: success?.time ?? last.time,
        failed: failed.length,
        networks: networks.size,
        countries: countries.join(','),
        firstTime: first.time,
      },
    });
    return out;
  },
};
