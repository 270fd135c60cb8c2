import { isAscii } from '../text';
import { cleanText } from './fields';

export interface ParseTimeOptions {
  now: number;
  /** IANA zone for wall times that state no zone; the runtime's zone when absent. */
  timeZone?: string;
  /** A machine-readable value found beside the text (`datetime`, `title`, `data-*`): tried first. */
  attr?: string;
  /** Page language (`<html lang>`): decides 04/05/2026 — month first only for `en`/`en-US`. */
  lang?: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Month stems in en, fr, de, es, pt, ru, tr and whole Arabic names, as regex literals (bundlers escape
// non-ASCII in strings, not in regexes). Index + 1 is the month; the stem covers "apr", "april", "abril".
const MONTHS = [
  /^(?:jan|ene|oca|янв|يناير)/,
  /^(?:feb|fév|fev|şub|фев|فبراير)/,
  /^(?:mar|mär|мар|مارس)/,
  /^(?:apr|avr|abr|nis|апр|أبريل|ابريل)/,
  /^(?:ma[iy]|мая|май|مايو)/,
  /^(?:jun|juin|haz|июн|يونيو)/,
  /^(?:jul|juil|tem|июл|يوليو)/,
  /^(?:aug|aoû|ago|ağu|авг|أغسطس)/,
  /^(?:se[pt]|eyl|сен|سبتمبر)/,
  /^(?:o[ck]t|out|eki|окт|أكتوبر)/,
  /^(?:nov|kas|ноя|نوفمبر)/,
  /^(?:d[eé][cz]|dic|ara|дек|ديسمبر)/,
];

/** Any month's stem at a word's start (MONTHS have no flags, no back-references). */
const ANY_MONTH = new RegExp(MONTHS.map((re) => `(?:${re.source})`).join('|'));

const NOW_WORDS =
  /^(?:just now|now|active now|online now|right now|moments? ago|a few seconds ago|seconds ago|刚刚|剛剛|刚才|剛才|现在|現在|たった今|今|방금(?: 전)?|지금|только что|сейчас|şimdi|az önce|şu an|vừa xong|vừa nãy|bây giờ|ahora(?: mismo)?|justo ahora|agora(?: mesmo)?|à l'instant|a l'instant|maintenant|gerade eben|soeben|jetzt|الآن|الان|حالياً|حاليا)$/;
const AGO = /(?<!\p{L})(?:ago|назад|önce|trước|hace|há|il y a|vor|منذ|قبل)(?!\p{L})|前|전/u;
// Unit words as stems: "min" covers minute(s), minuto(s), Minuten; CJK and Korean units are whole.
const UNITS: [number, RegExp][] = [
  [1000, /se[cgk]|saniye|sn|giây|сек|秒|초|ثان|ثوان/],
  [MIN, /min|dakika|dk|phút|мин|分|분|دقي|دقائق/],
  [HOUR, /h(?:ou)?rs?$|hora|heure|stund|saat|giờ|час|小时|小時|時間|시간|ساع/],
  [DAY, /days?$|día|dia|jour|tag|gün|ngày|дн|день|天|日|일|يوم|أيام/],
  [7 * DAY, /week|semana|semaine|woche|hafta|tuần|недел|周|週|주|أسبوع|أسابيع/],
  [30 * DAY, /month|mes|mois|monat|ay$|tháng|месяц|个月|個月|か月|ヶ月|개월|달|شهر|أشهر/],
  [365 * DAY, /year|año|ano|ans?$|jahr|yıl|năm|год|лет|年|년|سن|عام/],
];
const UNIT_WORDS = UNITS.map(([ms, re]) => [ms, new RegExp(`^(?:${re.source})`)] as const);
const ONE = 'an?|one|un[ae]?|uma?|ein(?:e[mnr]?)?|bir|một|одну|один|одна|一';
// Alphabetic unit words need word edges ("ay" is a Turkish month, not part of "today"); CJK ones do not.
const RELATIVE = new RegExp(
  `(?:(\\d{1,9})|(?<!\\p{L})(?:${ONE}))?\\s{0,3}(?<![\\p{sc=Latn}\\p{sc=Cyrl}\\p{sc=Arab}])((?:${UNITS.map((u) => u[1].source.replace(/\$/g, '')).join('|')})[\\p{sc=Latn}\\p{sc=Cyrl}\\p{sc=Arab}]{0,24})`,
  'u',
);
const YESTERDAY =
  /yesterday|昨天|昨日|어제|вчера|(?<!\p{L})dün(?!\p{L})|hôm qua|ayer|ontem|(?<!\p{L})hier(?!\p{L})|gestern|أمس|البارحة/u;
const TODAY = /today|今天|今日|오늘|сегодня|bugün|hôm nay|(?<!\p{L})hoy(?!\p{L})|hoje|aujourd'hui|heute|اليوم/u;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** Offset (ms) of an IANA zone at an instant, from Intl so DST is right; undefined for an unknown zone. */
function zoneOffset(timeZone: string, at: number): number | undefined {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    if (formatters.size < 32) formatters.set(timeZone, f);
  }
  if (!f) return undefined;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(at / 1000) * 1000;
}

/** Epoch ms of a wall-clock time: in a stated offset (minutes), else the zone, else the runtime's zone. */
function fromWall(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMin: number | undefined,
  timeZone: string | undefined,
): number | undefined {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  // Date.UTC rolls 31 April into 1 May; a date that rolls over was not a date.
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 1970 || y > 2200) return undefined;
  if (offsetMin !== undefined) return wall - offsetMin * MIN;
  if (timeZone) {
    const o1 = zoneOffset(timeZone, wall);
    if (o1 !== undefined) {
      const o2 = zoneOffset(timeZone, wall - o1) ?? o1;
      return wall - o2;
    }
  }
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

/** Calendar date of an instant in the zone: [year, month, day]. */
function dateIn(at: number, timeZone: string | undefined): [number, number, number] {
  const off = timeZone ? zoneOffset(timeZone, at) : undefined;
  const d = new Date(off === undefined ? at : at + off);
  return off === undefined
    ? [d.getFullYear(), d.getMonth() + 1, d.getDate()]
    : [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function fold(text: string): string {
  // ASCII is its own NFKC form and holds no Arabic digit or comma.
  if (isAscii(text)) return cleanText(text).toLowerCase();
  return (
    cleanText(text)
      .normalize('NFKC')
      .toLowerCase()
      // Arabic-Indic and Persian digits, Arabic comma.
      .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x660))
      .replace(/[\u06f0-\u06f9]/g, (c) => String(c.charCodeAt(0) - 0x6f0))
      .replace(/،/g, ',')
  );
}

interface Clock {
  h: number;
  mi: number;
  s: number;
  end: number;
  start: number;
}

const CLOCK =
  /(上午|下午|午前|午後|오전|오후)?\s*(?<![\d.:])(\d{1,2})(?::|時|时|시|h(?=\d))\s*(\d{2})(?:(?::|分|분)\s*(\d{2})(?:\.\d+)?)?(?![\d:])(?:\s*(?:秒|초))?(?:\s*(a\.?m\.?|p\.?m\.?|ص|م|sa|ch)(?!\p{L}))?/u;

function readClock(t: string): Clock | undefined {
  const m = CLOCK.exec(t);
  if (!m) return undefined;
  let h = Number(m[2]);
  const mi = Number(m[3]);
  const s = Number(m[4] ?? 0);
  const mark = (m[1] ?? m[5] ?? '').replace(/\./g, '');
  const pm = /^(?:pm|下午|午後|오후|م|ch)$/.test(mark);
  const am = /^(?:am|上午|午前|오전|ص|sa)$/.test(mark);
  if ((pm || am) && (h < 1 || h > 12)) return undefined;
  if (pm && h < 12) h += 12;
  if (am && h === 12) h = 0;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return { h, mi, s, start: m.index, end: m.index + m[0].length };
}

// Made once, out of the functions that use them (see LETTER in lines.ts). DAY_NUMBER is only used by matchAll, which
// reads it through a copy: its own lastIndex stays 0.
const NAMED_OFFSET = /(?<!\p{L})(?:utc|gmt)\s*(?:([+-−])\s*(\d{1,2})(?::?(\d{2}))?)?(?!\d)/u;
const ZULU = /^z(?!\p{L})/u;
const NOT_LETTERS = /[^\p{L}]+/u;
const DAY_NUMBER = /(?<![\d\p{L}])(\d{1,2})(?:st|nd|rd|th|er)?(?![\d\p{L}])/gu;

/** Zone stated in the text, in minutes east of UTC. */
function readOffset(t: string, clock: Clock | undefined): number | undefined {
  const named = NAMED_OFFSET.exec(t);
  if (named) {
    if (!named[1]) return 0;
    const m = Number(named[2]) * 60 + Number(named[3] ?? 0);
    return named[1] === '+' ? m : -m;
  }
  if (!clock) return undefined;
  // A bare offset or "Z" only counts right after the clock: "-04" inside a date is not a zone.
  const rest = t.slice(clock.end);
  if (ZULU.test(rest)) return 0;
  const bare = /^\s*([+-])(\d{2}):?(\d{2})(?!\d)/.exec(rest);
  if (bare) {
    const m = Number(bare[2]) * 60 + Number(bare[3]);
    return bare[1] === '+' ? m : -m;
  }
  return undefined;
}

function monthFirst(lang: string | undefined): boolean {
  return /^en(?:-us)?$/i.test(lang ?? '');
}

/** The month (1 to 12) whose stem begins a word, 0 for none. Most words are no month: one search tells. */
export function monthOf(word: string): number {
  return word && ANY_MONTH.test(word) ? monthOfSlow(word) : 0;
}

/** `monthOf` by the months' patterns one by one: what it answers for every word. */
export function monthOfSlow(word: string): number {
  return MONTHS.findIndex((re) => re.test(word)) + 1;
}

/** Year, month, day found in the text (with the year possibly missing), or undefined. */
function readDate(t: string, lang: string | undefined): [number | undefined, number, number] | undefined {
  let m = /(?<!\d)(\d{4})\s*[-/.年년]\s*(\d{1,2})\s*[-/.月월]\s*(\d{1,2})(?!\d)/.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /(?<![\d.:])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|\.\d)/.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    // The unambiguous reading wins; dotted dates are day-first everywhere; else the page language decides.
    const dayFirst = a > 12 || (b <= 12 && (m[2] === '.' || !monthFirst(lang)));
    return dayFirst ? [y, b, a] : [y, a, b];
  }
  // Year-less CJK/Korean "4月14日", "4월 14일"; Vietnamese "14 tháng 4".
  m = /(?<!\d)(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/.exec(t);
  if (m) return [undefined, Number(m[1]), Number(m[2])];
  m = /(?<!\d)(\d{1,2})\s*tháng\s*(\d{1,2})(?:\s*(?:,|năm)\s*(\d{4}))?/.exec(t);
  if (m) return [m[3] ? Number(m[3]) : undefined, Number(m[2]), Number(m[1])];
  // Month names: the day and year are the free numbers around the word.
  // The last month word wins: in "mar. 14 avr. 2026" the first is French for Tuesday.
  let month: number | undefined;
  for (const w of t.split(NOT_LETTERS)) {
    const m = monthOf(w);
    if (m) month = m;
  }
  if (!month) return undefined;
  // A day is a standalone number ("14", "14.", "14th"): "2FA" next to "Set" is no 2 September.
  const year = /(?<!\d)\d{4}(?!\d)/.exec(t)?.[0];
  let day: number | undefined;
  for (const m of t.matchAll(DAY_NUMBER)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 31) {
      day = n;
      break;
    }
  }
  if (!day) return undefined;
  return [year ? Number(year) : undefined, month, day];
}

function parseMachine(value: string, opts: ParseTimeOptions, quick: boolean): number | undefined {
  const v = value.trim();
  if (/^\d{13}$/.test(v)) return Number(v);
  if (/^\d{10}$/.test(v)) return Number(v) * 1000;
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const t = fold(v);
    return (quick ? quickTime(t, opts.timeZone) : null) ?? parseAbsolute(t, opts);
  }
  return undefined;
}

function parseRelative(t: string, opts: ParseTimeOptions): number | undefined {
  if (NOW_WORDS.test(t)) return opts.now;
  const ago = AGO.exec(t);
  if (ago) {
    const m = RELATIVE.exec(t);
    if (m) {
      // "2 weeks ago (Apr 2, 2026 10:15)": the date printed beside the phrase is the more precise of the two.
      const rest = `${t.slice(0, m.index)} ${t.slice(m.index + m[0].length)}`.replace(AGO, ' ');
      if (readDate(rest, opts.lang)) {
        const exact = parseAbsolute(rest, opts);
        if (exact !== undefined) return exact;
      }
      const word = m[2]!;
      const unit = UNIT_WORDS.find(([, re]) => re.test(word));
      // Arabic duals ("ساعتين", two hours) carry the number in the word.
      const n = m[1] ? Number(m[1]) : /(?:تين|ين)$/.test(word) ? 2 : 1;
      if (unit && n < 100_000) return opts.now - n * unit[0];
    }
  }
  const back = YESTERDAY.test(t) ? 1 : TODAY.test(t) ? 0 : -1;
  if (back < 0) return undefined;
  const clock = readClock(t);
  if (!clock) return opts.now - back * DAY;
  const [y, mo, d] = dateIn(opts.now - back * DAY, opts.timeZone);
  return fromWall(y, mo, d, clock.h, clock.mi, clock.s, readOffset(t, clock), opts.timeZone);
}

function parseAbsolute(t: string, opts: ParseTimeOptions): number | undefined {
  const clock = readClock(t);
  // Take the clock out first so "14:12" is not read as a day or a year.
  const dateText = (clock ? `${t.slice(0, clock.start)} ${t.slice(clock.end)}` : t).replace(
    /(?:utc|gmt)\s*[+-−]\s*\d{1,2}(?::?\d{2})?/g,
    ' ',
  );
  const date = readDate(dateText, opts.lang);
  const offset = readOffset(t, clock);
  const h = clock?.h ?? 0;
  const mi = clock?.mi ?? 0;
  const s = clock?.s ?? 0;
  if (!date) {
    if (!clock) return undefined;
    // A bare clock is today's, or yesterday's when today's is still ahead.
    const [y, mo, d] = dateIn(opts.now, opts.timeZone);
    const today = fromWall(y, mo, d, h, mi, s, offset, opts.timeZone);
    return today !== undefined && today > opts.now + 5 * MIN ? today - DAY : today;
  }
  const [year, mo, d] = date;
  if (year !== undefined) return fromWall(year, mo, d, h, mi, s, offset, opts.timeZone);
  // No year: this year's date, or last year's when that would be in the future.
  const [nowYear] = dateIn(opts.now, opts.timeZone);
  const thisYear = fromWall(nowYear, mo, d, h, mi, s, offset, opts.timeZone);
  return thisYear !== undefined && thisYear > opts.now + DAY
    ? fromWall(nowYear - 1, mo, d, h, mi, s, offset, opts.timeZone)
    : thisYear;
}

const digitAt = (t: string, i: number): number => {
  const c = t.charCodeAt(i) - 0x30;
  return c >= 0 && c <= 9 ? c : -1;
};

/** The number of `n` digits at `i`, or -1. */
function digitsAt(t: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digitAt(t, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The time of a text that is a plain date and clock and nothing else, read by hand: `YYYY-MM-DD HH:MM`, with
 * `:SS` or not, `T` or a space between, then nothing, ` UTC`, ` GMT` or `Z` (any case). What `parseAbsolute` reads
 * in such a text (and `parseRelative` reads nothing in it: it has no word): the date, the clock, UTC when stated.
 * `null` for any other text, and for a clock or date out of range: the general parser answers those.
 */
export function quickTime(t: string, timeZone: string | undefined): number | null {
  const n = t.length;
  if (n < 16 || n > 23) return null;
  const y = digitsAt(t, 0, 4);
  const mo = digitsAt(t, 5, 2);
  const d = digitsAt(t, 8, 2);
  const h = digitsAt(t, 11, 2);
  const mi = digitsAt(t, 14, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return null;
  const sep = t.charCodeAt(10);
  if (t.charCodeAt(4) !== 0x2d || t.charCodeAt(7) !== 0x2d || (sep !== 0x20 && (sep | 0x20) !== 0x74)) return null;
  if (t.charCodeAt(13) !== 0x3a) return null;
  let i = 16;
  let sec = 0;
  if (t.charCodeAt(i) === 0x3a) {
    sec = digitsAt(t, i + 1, 2);
    if (sec < 0) return null;
    i += 3;
  }
  let offset: number | undefined;
  if (i < n) {
    const rest = n - i;
    if (rest === 1 && (t.charCodeAt(i) | 0x20) === 0x7a) offset = 0;
    else if (rest === 4 && t.charCodeAt(i) === 0x20) {
      // " utc" or " gmt", any case.
      const a = t.charCodeAt(i + 1) | 0x20;
      const b = t.charCodeAt(i + 2) | 0x20;
      const c = t.charCodeAt(i + 3) | 0x20;
      const isUtc = a === 0x75 && b === 0x74 && c === 0x63;
      const isGmt = a === 0x67 && b === 0x6d && c === 0x74;
      if (!isUtc && !isGmt) return null;
      offset = 0;
    } else return null;
  }
  if (h > 23 || mi > 59 || sec > 59) return null;
  // A stated offset and a day the month has: the instant counted by hand (fromWall answers the same).
  if (offset !== undefined && y >= 1970 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo)) {
    return daysSinceEpoch(y, mo, d) * DAY + h * HOUR + mi * MIN + sec * 1000 - offset * MIN;
  }
  return fromWall(y, mo, d, h, mi, sec, offset, timeZone) ?? null;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, for years from 1970 (Date.UTC's count, without
 * the call): years since March of year 0 by 400-year eras, then the day of the year counted from March.
 */
export function daysSinceEpoch(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Days in a month of the proleptic Gregorian calendar, as Date counts them. */
export function daysIn(y: number, mo: number): number {
  return mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[mo - 1]!;
}

/**
 * Epoch ms of a time as a page shows it: machine attributes, absolute dates in many
 * formats and languages, or relative phrases resolved against `now`. Undefined when
 * the text holds no time.
 */
export function parseTime(text: string, opts: ParseTimeOptions): number | undefined {
  return readTime(text, opts, true);
}

/** `parseTime` by the general parser alone, without `quickTime`: the tests check both answer alike. */
export function parseTimeSlow(text: string, opts: ParseTimeOptions): number | undefined {
  return readTime(text, opts, false);
}

function readTime(text: string, opts: ParseTimeOptions, quick: boolean): number | undefined {
  if (opts.attr) {
    const fromAttr = parseMachine(opts.attr.slice(0, 64), opts, quick);
    if (fromAttr !== undefined) return fromAttr;
  }
  const head = text.length > 200 ? text.slice(0, 200) : text;
  let t: string;
  if (quick && isAscii(head)) {
    // quickTime reads letters in any case, and an ASCII text folds to its clean form lower-cased: the clean form
    // answers as the fold would, without building the fold, and the fold is then that form lower-cased.
    const clean = cleanText(head);
    if (!clean || !Number.isFinite(opts.now)) return undefined;
    const q = quickTime(clean, opts.timeZone);
    if (q !== null) return q;
    t = clean.toLowerCase();
  } else {
    t = fold(head);
    if (!t || !Number.isFinite(opts.now)) return undefined;
    const q = quick ? quickTime(t, opts.timeZone) : null;
    if (q !== null) return q;
  }
  // Every clock and date parseAbsolute reads has an ASCII digit once folded (the fold maps Arabic-Indic, Persian and
  // full-width digits to them): a line of words ("Device Management") is spared its month-name search.
  return parseRelative(t, opts) ?? (quick && !hasDigit(t) ? undefined : parseAbsolute(t, opts));
}

function hasDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}
