import { timePart } from '../enrich';
import { isWithinSchedule } from '../schedule';
import { TIME_PART_FORMATS } from '../time-parts';
import { FindingGroups } from './group';
import { activities, deviceLabel, familyOf, isTrusted } from './history';
import type { Rule } from './rule';

const formatLocal = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { ...TIME_PART_FORMATS.weekday, timeZone }).format(t);

/** A sign-in at a time none of the user's schedules for the account allows. */
export const outsideSchedule: Rule = {
  id: 'outside-schedule',
  title: 'A sign-in outside the hours you use your account',
  evaluate(ctx) {
    const schedules = ctx.schedules.filter((s) => !s.accountIds?.length || s.accountIds.includes(ctx.account.id));
    if (!schedules.length) return [];
    const groups = new FindingGroups();
    for (const a of activities(ctx)) {
      if (schedules.some((s) => isWithinSchedule(a.time, s))) continue;
      const first = schedules[0] as (typeof schedules)[number];
      const trusted = isTrusted(ctx, a);
      // One warning per device: a habit of late sign-ins is one thing to answer.
      const key = [familyOf(a), trusted];
      if (groups.repeat(key, a.time)) continue;
      groups.add(key, {
        rule: 'outside-schedule',
        subject: a.key,
        severity: trusted ? 'low' : 'medium',
        reason: `${deviceLabel(a)} signed in on ${formatLocal(a.time, first.timeZone)} (${first.timeZone}), outside ${schedules.length === 1 ? `your schedule "${first.name}"` : `all ${schedules.length} of your schedules`}.`,
        message: {
          key: schedules.length === 1 ? 'reason_outsideSchedule' : 'reason_outsideSchedules',
          args: [
            a.device || { key: 'reason_anUnnamedDevice', args: [] },
            timePart(a.time, first.timeZone, 'weekday'),
            first.timeZone,
            schedules.length === 1 ? first.name : String(schedules.length),
          ],
        },
        evidence: { device: a.device, ip: a.ip, location: a.location, time: a.time, schedule: first.name },
      });
    }
    return groups.findings;
  },
};
