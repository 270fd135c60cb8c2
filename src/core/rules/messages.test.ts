import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { renderReason, setCatalog } from '../../ui/i18n';
import { runRules } from '../evaluate';
import type { Finding, ReasonMessage, SecondFactor } from '../types';
import { backdoorCases, backdoorNotes } from './backdoor-cases';
import { allRules } from './index';
import { base, intruderCases, MAC, ordinaryLife, STRANGER, TOR, VPS } from './intruder-cases';
import { account, ctx, DAY, generatedContext, HOUR, history, login, NOW, session, trusted } from './test-helpers';

type Catalog = Record<string, { message: string }>;
const LOCALES = ['en', 'zh_CN', 'ar'] as const;
const catalogs = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', '_locales', l, 'messages.json'), 'utf8'),
    ),
  ]),
) as Record<(typeof LOCALES)[number], Catalog>;
const holes = (s: string) => new Set(s.match(/\{\d\}/g) ?? []).size;
const render = (c: Catalog, key: string, args: string[]) =>
  (c[key]?.message ?? '').replace(/\{(\d)\}/g, (_m, n: string) => args[Number(n) - 1] ?? `{${n}}`);

/** Findings of every rule, in every variant of its reason: a varied generated history and a few pointed cases. */
function findings(): Finding[] {
  const hk = history(8, { location: 'Hong Kong', ip: '203.198.0.1' });
  const fresh = [
    session({ device: 'Firefox 128 (Linux)', location: 'Lagos, Nigeria' }),
    session({ device: '', location: undefined }),
  ];
  const contexts = [
    ...[1, 2, 3, 4, 5, 6].map((seed) => generatedContext(300, seed)),
    ctx({
      logins: [
        ...history(8),
        ...Array.from({ length: 7 }, (_, i) => login({ time: NOW - 3 * HOUR + i * 60_000, outcome: 'failed' })),
      ],
      trustedDevices: [trusted()],
    }),
    ctx({
      sessions: Array.from({ length: 7 }, () => session({ device: '', location: undefined })),
      newSessionKeys: [],
    }),
    ctx({ sessions: [session({ device: 'Firefox 128 (Linux)', location: undefined })], newSessionKeys: [] }),
    ctx({
      sessions: [session({ device: '', ip: '45.1.1.9', firstSeen: NOW - 400 * DAY, lastActive: NOW - 90 * DAY })],
      blocklist: ['45.1.1.0/24'],
    }),
    ctx({ logins: [...hk, login({ time: NOW, location: 'Shenzhen, China', ip: '203.198.0.2', device: '' })] }),
    ctx({ logins: [...history(8), login({ time: NOW - 9 * HOUR })], timeZone: 'UTC' }),
    ctx({ logins: [...hk, login({ time: NOW, location: 'Lagos, Nigeria' })], trustedDevices: [trusted()] }),
    ctx({
      logins: [
        ...history(8),
        login({ time: NOW - HOUR, location: 'London, United Kingdom' }),
        login({ time: NOW, location: 'Japan' }),
      ],
    }),
    ctx({
      logins: [
        ...history(8),
        login({ time: NOW - 20 * 60_000, location: 'London, United Kingdom' }),
        login({ time: NOW, location: 'Tokyo, Japan' }),
      ],
    }),
    ctx({
      logins: [...history(8), login({ time: NOW - 3 * HOUR, secondFactor: 'sms' })],
      trustedDevices: [trusted()],
    }),
    ctx({
      logins: [...history(8), login({ time: Date.UTC(2026, 2, 1, 3), device: 'Firefox 128 (Linux)' })],
      schedules: [
        {
          id: 'a',
          name: 'Days',
          timeZone: 'Europe/London',
          windows: [{ days: [1], startMinute: 540, endMinute: 1080 }],
        },
        {
          id: 'b',
          name: 'Weekend',
          timeZone: 'Europe/London',
          windows: [{ days: [6], startMinute: 540, endMinute: 600 }],
        },
      ],
    }),
    ctx({
      logins: [
        ...history(8),
        ...Array.from({ length: 7 }, (_, i) =>
          login({ time: NOW - 3 * HOUR + i * 60_000, outcome: 'failed', device: 'Firefox 128 (Linux)' }),
        ),
      ],
    }),
    ctx({ sessions: fresh, newSessionKeys: fresh.map((x) => x.key) }),
    ctx({
      sessions: [
        session({
          ip: '10.0.0.2',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        }),
      ],
      otherAccounts: [
        {
          account: account('okx:me'),
          sessions: [
            session({
              ip: '10.0.0.3',
              userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
            }),
          ],
          logins: [],
        },
      ],
    }),
    ctx({
      sessions: [session({ ip: '81.2.69.142', device: 'Firefox 128 (Linux)' })],
      otherAccounts: [
        { account: account('okx:me'), sessions: [session({ ip: '81.2.69.150', device: 'Edge' })], logins: [] },
      ],
    }),
  ];
  // The takeover/benign pairs, and what they leave out: a stranger on Tor, the home network's other wordings, a
  // session moving between visits, slow guessing that gets nowhere, a dormant account woken on a new network.
  const home = session({ device: 'Safari 18.1 on iPhone 16 · iOS 18.1', ip: '81.2.69.150', location: undefined });
  const homeFrom = session({ device: 'Safari 18.1 on iPhone 16 · iOS 18.1', ip: '81.2.69.151' });
  contexts.push(
    ...intruderCases.map((x) => x.c),
    ...backdoorCases.map((x) => x.c),
    ...backdoorNotes,
    base({ sessions: [session({ device: STRANGER, ip: TOR })] }),
    base({ sessions: [home, homeFrom], newSessionKeys: [home.key] }),
    // A session listed since the account was first read, with no place: asked about, not raised.
    ctx({
      account: { ...account(), firstScanAt: NOW },
      sessions: [session({ device: MAC, location: undefined, firstObservedAt: NOW })],
    }),
    base({
      sessions: [session({ device: 'Safari 18.1 on iPhone 16 · iOS 18.1', ip: '81.2.69.152', location: undefined })],
    }),
    base({ sessions: [session({ device: MAC, ip: '62.30.1.9', previousIp: '81.2.69.142' })] }),
    base({ sessions: [session({ device: MAC, ip: VPS, previousIp: '81.2.69.142' })] }),
    base({
      logins: [
        ...ordinaryLife(),
        ...Array.from({ length: 9 }, (_, i) =>
          login({
            time: NOW - (9 - i) * DAY,
            device: STRANGER,
            ip: `${[102, 45, 91][i % 3]}.${i}.0.1`,
            location: 'Lagos, Nigeria',
            outcome: 'failed',
          }),
        ),
      ],
    }),
    base({
      logins: [
        ...history(20, { device: MAC, ip: '81.2.69.142' }, 220 * DAY),
        login({ time: NOW - HOUR, device: MAC, ip: '62.30.1.9' }),
      ],
    }),
  );
  // Each rule on its own: runRules would leave out findings another rule's supersedes (a new session).
  const out = contexts.flatMap((c) => allRules.flatMap((r) => r.evaluate(c)));
  // A rule that throws is reported as a finding of its own, with a message too; the message names the rule by its
  // catalog key (a real rule's, so every locale has it), the English reason by its title (here the same words).
  out.push(
    ...runRules(ctx(), [
      {
        id: 'new-city',
        title: catalogs.en.options_rule_newCity?.message ?? '',
        evaluate: () => {
          throw new Error('boom');
        },
      },
    ]),
  );
  return out;
}

const all = findings();

/** A part the page formats itself (a country by code, a list, a time): its key starts with "=". */
const isFormatted = (a: ReasonMessage['args'][number]) => typeof a !== 'string' && a.key.startsWith('=');

function check(m: ReasonMessage, reason: string): string[] {
  const problems: string[] = [];
  const resolve = (key: string, args: string[], where: string): string => {
    for (const l of LOCALES) {
      const message = catalogs[l][key]?.message;
      if (message === undefined) problems.push(`${where}: ${l} lacks ${key}`);
      else if (holes(message) !== args.length)
        problems.push(`${where}: ${l} ${key} has ${holes(message)} placeholders for ${args.length} args`);
    }
    return render(catalogs.en, key, args);
  };
  for (const [i, a] of m.args.entries()) {
    if (typeof a !== 'string' && !isFormatted(a)) resolve(a.key, a.args, `${m.key} arg ${i + 1}`);
  }
  resolve(m.key, m.args.map(String), m.key);
  // The page's own rendering, in British English as the rules word their reasons, is the English reason.
  setCatalog('en', catalogs.en);
  const english = renderReason(m, 'en-GB');
  if (english !== reason) problems.push(`${m.key} in English reads "${english}", the reason "${reason}"`);
  return problems;
}

afterEach(() => setCatalog('en', {}));

test('every finding of every rule carries a message whose key is in every locale, placeholders matching its args', () => {
  expect(all.length).toBeGreaterThan(50);
  const problems = all.flatMap((f) =>
    f.message ? check(f.message, f.reason) : [`${f.rule}: no message for "${f.reason}"`],
  );
  expect([...new Set(problems)]).toEqual([]);
});

test('the findings above use every reason message of the catalog, so none is left unchecked', () => {
  const used = new Set<string>();
  for (const f of all) {
    if (!f.message) continue;
    used.add(f.message.key);
    for (const a of f.message.args) if (typeof a !== 'string' && !isFormatted(a)) used.add(a.key);
  }
  const factors: SecondFactor[] = ['authenticator', 'passkey', 'security-key', 'sms', 'email', 'none', 'other'];
  for (const f of factors) used.add(`reason_factor_${f.replace('-', '_')}`);
  const unused = Object.keys(catalogs.en).filter((k) => k.startsWith('reason_') && !used.has(k));
  expect(unused).toEqual([]);
});

test.each(['authenticator', 'passkey', 'security-key', 'sms', 'email', 'none', 'other'] as SecondFactor[])(
  'second factor %s has its name in every locale',
  (factor) => {
    for (const l of LOCALES) expect(catalogs[l][`reason_factor_${factor.replace('-', '_')}`]?.message, l).toBeTruthy();
  },
);

test('countries, places, lists and times in reasons are stored as codes and numbers, not English words', () => {
  const kinds = new Set<string>();
  for (const f of all)
    for (const a of f.message?.args ?? []) if (isFormatted(a) && typeof a !== 'string') kinds.add(a.key);
  expect([...kinds].sort()).toEqual(['=countries', '=country', '=list', '=place', '=time']);
  const args = all.find((f) => f.message?.key === 'reason_newCountry')?.message?.args ?? [];
  const [country, known] = args as { key: string; args: string[] }[];
  expect(country).toEqual({ key: '=country', args: [expect.stringMatching(/^[A-Z]{2}$/)] });
  expect(known?.key).toBe('=countries');
  expect(known?.args[0]).toMatch(/^\d+$/);
  expect(known?.args.slice(1).every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
});

test.each(['zh_CN', 'ar'] as const)('every finding renders in %s with no English country name or month left', (l) => {
  setCatalog(l, catalogs[l]);
  const tag = l.replace('_', '-');
  const problems: string[] = [];
  for (const f of all) {
    if (!f.message) continue;
    // Text the site wrote (a device, a place as the page words it) stays as it was; the rest is checked.
    const message = { ...f.message, args: f.message.args.map((a) => (typeof a === 'string' ? '' : a)) };
    const text = renderReason(message, tag);
    if (text === undefined) problems.push(`${f.message.key} does not render`);
    else if (/Nigeria|Japan|China|Kingdom|Hong Kong SAR|Jan|Feb|Mar|Sun|Mon|\band\b/.test(text))
      problems.push(`${f.message.key}: ${text}`);
  }
  expect(problems).toEqual([]);
});
