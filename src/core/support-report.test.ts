import { expect, test } from 'vitest';
import {
  buildSupportReport,
  escapeHtml,
  intruderRows,
  type ReportInput,
  type ReportLabels,
  reportFileName,
} from './support-report';
import type { StoredLogin, StoredSession } from './types';

const T = Date.UTC(2026, 3, 14, 15, 4, 5);
const EVIL = '<img src=x onerror=alert(1)>"\'&\u202e';

const labels: ReportLabels = {
  title: 'Report: {1}',
  intro: 'Intro',
  account: 'Account',
  site: 'Site',
  accountId: 'Account id',
  generated: 'Generated',
  reasons: 'Why',
  sessions: 'Sessions',
  signIns: 'Sign-ins',
  actions: 'Your actions',
  timeUtc: 'UTC',
  timeLocal: 'Local',
  address: 'Address',
  provider: 'Provider',
  place: 'Place',
  device: 'Device',
  outcome: 'Outcome',
  firstSeen: 'First seen',
  lastActive: 'Last active',
  action: 'Action',
  none: 'None',
  succeeded: 'Succeeded',
  failed: 'Failed',
  footer: 'Made offline',
  apiKeys: 'API keys',
  whitelist: 'Whitelist',
  label: 'Label',
  maskedForm: 'Masked',
  permissions: 'Permissions',
  network: 'Network',
  confirmation: 'Confirmed',
  confirmed: 'Yes',
  notConfirmed: 'No',
};

const session = (over: Partial<StoredSession> = {}): StoredSession => ({
  key: 's1',
  accountId: 'binance:1',
  device: 'Chrome on Linux',
  ip: '167.99.1.2',
  location: 'Singapore',
  isCurrent: false,
  firstSeen: T,
  firstObservedAt: T,
  lastObservedAt: T + 60_000,
  ...over,
});
const login = (over: Partial<StoredLogin> = {}): StoredLogin => ({
  key: 'l1',
  accountId: 'binance:1',
  device: 'Chrome on Linux',
  ip: '167.99.1.2',
  location: 'Singapore',
  time: T - 3_600_000,
  outcome: 'failed',
  firstObservedAt: T,
  ...over,
});

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  generatedAt: T + 86_400_000,
  language: 'en',
  isRtl: false,
  timeZone: 'Asia/Tokyo',
  siteName: 'Binance',
  accountHint: 'UID 123',
  accountId: 'binance:UID 123',
  warnings: [{ reason: 'A stranger signed in', severity: 'high', evidence: {} }],
  sessions: [session()],
  logins: [login(), login({ key: 'l2', time: T - 60_000, outcome: 'success' })],
  actions: [{ at: T + 120_000, text: 'Opened "Log out of all devices"' }],
  providerOf: (ip) => (ip.startsWith('167.99.') ? 'DigitalOcean' : undefined),
  labels,
  ...over,
});

/** The cells of one table of the report, row by row, as a browser would read them (entities decoded). */
function cells(html: string, name: string): string[][] {
  const body = new RegExp(`<table data-table="${name}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html)?.[1] ?? '';
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1] ?? '')),
  );
}

test('the report lists the intruder’s sessions and sign-ins with UTC and local times, address, provider, place, device', () => {
  const html = buildSupportReport(input());
  expect(cells(html, 'sessions')).toEqual([
    [
      '2026-04-14 15:04:05 UTC',
      expect.stringMatching(/04\/15\/2026, 00:04:05 GMT\+9/),
      '2026-04-14 15:05:05 UTC',
      expect.stringMatching(/00:05:05 GMT\+9/),
      '167.99.1.2',
      'DigitalOcean',
      'Singapore',
      'Chrome on Linux',
    ],
  ]);
  expect(cells(html, 'sign-ins')).toEqual([
    [
      '2026-04-14 14:04:05 UTC',
      expect.stringMatching(/23:04:05 GMT\+9/),
      '167.99.1.2',
      'DigitalOcean',
      'Singapore',
      'Chrome on Linux',
      'Failed',
    ],
    [
      '2026-04-14 15:03:05 UTC',
      expect.stringMatching(/00:03:05 GMT\+9/),
      '167.99.1.2',
      'DigitalOcean',
      'Singapore',
      'Chrome on Linux',
      'Succeeded',
    ],
  ]);
  expect(cells(html, 'actions')).toEqual([
    ['2026-04-14 15:06:05 UTC', expect.stringMatching(/00:06:05/), 'Opened "Log out of all devices"'],
  ]);
  expect(html).toContain('<title>Report: Binance UID 123</title>');
  expect(html).toContain('<li>A stranger signed in</li>');
});

test('every page-derived string is escaped: no markup from a device, place, hint or reason reaches the file', () => {
  const html = buildSupportReport(
    input({
      accountHint: EVIL,
      siteName: EVIL,
      warnings: [{ reason: EVIL, severity: 'high', evidence: {} }],
      sessions: [session({ device: EVIL, location: EVIL, ip: EVIL })],
      logins: [login({ device: EVIL, location: EVIL })],
      actions: [{ at: T, text: EVIL }],
      providerOf: () => EVIL,
      language: '"><script>',
    }),
  );
  expect(html).not.toMatch(/<img|<script|onerror=alert\(1\)>|\u202e/);
  expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/g)?.length).toBeGreaterThan(8);
  expect(cells(html, 'sessions')[0]?.[7]).toBe('<img src=x onerror=alert(1)>"\'&');
});

test('the file loads nothing: its policy forbids every fetch and it names no remote resource', () => {
  const html = buildSupportReport(input());
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  expect(html).not.toMatch(/\b(?:src|href)=|url\(|@import|https?:/i);
});

test('Arabic reads right to left; an empty incident says so in each table', () => {
  const html = buildSupportReport(input({ language: 'ar', isRtl: true, sessions: [], logins: [], actions: [] }));
  expect(html).toMatch(/<html lang="ar" dir="rtl">/);
  expect(cells(html, 'sessions')).toEqual([['None']]);
  expect(cells(html, 'actions')).toEqual([['None']]);
});

test('a hostile history is capped', () => {
  const many = Array.from({ length: 5000 }, (_, i) => login({ key: `l${i}`, time: T + i }));
  expect(cells(buildSupportReport(input({ logins: many })), 'sign-ins')).toHaveLength(2000);
  expect(escapeHtml('x'.repeat(10_000))).toHaveLength(500);
});

test('the file name keeps only safe characters', () => {
  expect(reportFileName('Binance', 'UID 12/../3 <x>', T)).toBe(
    'session-watchdog-report-Binance-UID-12-..-3-x-2026-04-14.html',
  );
  expect(reportFileName('', '用户', T)).toBe('session-watchdog-report-account-2026-04-14.html');
});

test('the intruder’s rows are the sessions the warnings name and every sign-in from their addresses', () => {
  const stranger = session();
  const mine = session({ key: 's2', ip: '203.0.113.5', device: 'Safari on iPhone' });
  const got = intruderRows(
    [
      { subject: 's1', evidence: {} },
      { subject: '198.51.100.7', evidence: { ip: '198.51.100.7' } },
    ],
    [stranger, mine],
    [login(), login({ key: 'l2', ip: '203.0.113.5' }), login({ key: 'l3', ip: '198.51.100.7' })],
  );
  expect(got.sessions.map((s) => s.key)).toEqual(['s1']);
  expect(got.logins.map((l) => l.key)).toEqual(['l1', 'l3']);
});

test('the keys and withdrawal addresses the pages show, unconfirmed first, masked; none when never shown', () => {
  const html = buildSupportReport(
    input({
      apiKeys: [
        { label: 'Grid bot', masked: 'vmPU…nxBa', detail: 'read, trade', isConfirmed: true },
        { label: 'sync', masked: 'Q3kd…E0c7', detail: 'withdraw, transfer', isConfirmed: false },
      ],
      whitelist: [{ label: EVIL, masked: 'TXk8…0aZq', detail: 'USDT / TRC20', isConfirmed: false }],
    }),
  );
  expect(cells(html, 'api-keys')).toEqual([
    ['sync', 'Q3kd…E0c7', 'withdraw, transfer', 'No'],
    ['Grid bot', 'vmPU…nxBa', 'read, trade', 'Yes'],
  ]);
  expect(cells(html, 'whitelist')[0]?.[1]).toBe('TXk8…0aZq');
  expect(html).not.toContain('<img');
  expect(buildSupportReport(input())).not.toContain('data-table="api-keys"');
});
