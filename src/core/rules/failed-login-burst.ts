import type { Finding, StoredLogin } from '../types';
import { deviceLabel, failedLogins, isJudged, isTrusted, type TimedLogin, timedLogins } from './history';
import type { Rule } from './rule';

const HOUR = 3_600_000;

/** Whether the logins' times never decrease. */
function isAscending(logins: TimedLogin[]): boolean {
  for (let i = 1; i < logins.length; i++)
    if ((logins[i] as TimedLogin).time < (logins[i - 1] as TimedLogin).time) return false;
  return true;
}

/**
 * More failed sign-ins than the threshold inside the window: someone guessing. A success from a device the
 * user has not trusted right after the burst is the guess that worked.
 */
export const failedLoginBurst: Rule = {
  id: 'failed-login-burst',
  title: 'Many failed sign-in attempts in a short time',
  evaluate(ctx) {
    const out: Finding[] = [];
    const windowMs = ctx.thresholds.failedLoginWindowHours * HOUR;
    const max = ctx.thresholds.failedLoginBurst;
    const timed = timedLogins(ctx);
    // The failed logins with a time, oldest first, from the ones the pass over the history set apart (a few
    // percent of it) rather than by reading every row again; sorted (stably, as the timed logins are) only when
    // the history was not in order.
    const failed = failedLogins(ctx).filter((l): l is TimedLogin => l.time !== undefined);
    if (!isAscending(failed)) failed.sort((a, b) => a.time - b.time);
    /** Index of the first timed login at or after `t` (binary search: bursts are many in a long history). */
    const firstAtOrAfter = (t: number) => {
      let lo = 0;
      let hi = timed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((timed[mid] as StoredLogin & { time: number }).time < t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let i = 0;
    while (i < failed.length) {
      const first = failed[i] as StoredLogin & { time: number };
      let j = i;
      while (j + 1 < failed.length && (failed[j + 1]?.time ?? 0) - first.time <= windowMs) j++;
      const count = j - i + 1;
      if (count <= max) {
        i++;
        continue;
      }
      const burst = failed.slice(i, j + 1);
      const last = burst[burst.length - 1] as StoredLogin & { time: number };
      // A burst that ended before the judged history is the past the user came with.
      if (!isJudged(ctx, last)) {
        i = j + 1;
        continue;
      }
      let success: (StoredLogin & { time: number }) | undefined;
      for (let k = firstAtOrAfter(first.time), l = timed[k]; l && l.time <= last.time + windowMs; l = timed[++k]) {
        if (l.outcome !== 'failed' && !isTrusted(ctx, l)) {
          success = l;
          break;
        }
      }
      const allTrusted = burst.every((l) => isTrusted(ctx, l));
      const hours = Math.max(1, Math.round((last.time - first.time) / HOUR));
      out.push({
        rule: 'failed-login-burst',
        subject: `burst|${first.key}`,
        severity: success ? 'high' : allTrusted ? 'low' : 'medium',
        reason: success
          ? `${count} failed sign-ins within ${hours} h, then a successful one from ${deviceLabel(success)}, which you have not trusted: someone may have guessed or phished your password.`
          : allTrusted
            ? `${count} failed sign-ins within ${hours} h, all from your trusted devices: probably a mistyped password.`
            : `${count} failed sign-ins within ${hours} h (more than ${max}): someone may be trying to guess your password.`,
        message: success
          ? {
              key: 'reason_failedBurstThenSuccess',
              args: [String(count), String(hours), success.device || { key: 'reason_anUnnamedDevice', args: [] }],
            }
          : {
              key: allTrusted ? 'reason_failedBurstTrusted' : 'reason_failedBurst',
              args: [String(count), String(hours), ...(allTrusted ? [] : [String(max)])],
            },
        evidence: {
          device: success?.device ?? last.device,
          ip: success?.ip ?? last.ip,
          location: success?.location ?? last.location,
          time: first.time,
          failed: count,
        },
      });
      i = j + 1;
    }
    return out;
  },
};
