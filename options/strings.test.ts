import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { CustomSiteSchema } from '../src/shared/settings';
import { type Catalog, type Locale, setCatalog } from '../src/ui/i18n';
import { S } from './strings';

const LOCALES_DIR = join(import.meta.dirname, '..', 'public', '_locales');
const read = (locale: string): Catalog => JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8'));

afterEach(() => setCatalog('en', {}));

test('the options strings come from the catalog of the UI locale, with numbers filled in', () => {
  expect(S.trusted.heading).toBe('Trusted devices');
  expect(S.trusted.preview(1, 4)).toBe('Matches 1 of 4 stored sessions.');
  expect(S.trusted.preview(1, 1)).toBe('Matches 1 of 1 stored session.');
  expect(S.data.tooLarge('big.json', 60 * 1024 * 1024)).toBe('big.json is 60.0 MB; backups over 50 MB are refused.');
  setCatalog('ar', read('ar'));
  expect(S.trusted.heading).toBe('الأجهزة الموثوقة');
  expect(S.schedules.outside(2, 5)).toBe('2 من 5 من عمليات تسجيل الدخول المخزّنة تقع خارج الجدول:');
  setCatalog('zh_CN', read('zh_CN'));
  expect(S.history.chartLabel(3, 1, 30)).toBe('最近 30 天内 3 次成功登录、1 次失败登录');
});

test.each(['zh_CN', 'ar'] as Locale[])('%s: every threshold, device type and weekday has its own words', (locale) => {
  const english = {
    fields: ['maxActiveSessions', 'staleSessionDays'].map((k) => S.thresholds.field(k as 'maxActiveSessions').label),
    phone: S.trusted.deviceTypeName('phone'),
    monday: S.day(1),
  };
  setCatalog(locale, read(locale));
  expect(S.thresholds.field('maxActiveSessions').label).not.toBe(english.fields[0]);
  expect(S.thresholds.field('staleSessionDays').label).not.toBe(english.fields[1]);
  expect(S.trusted.deviceTypeName('phone')).not.toBe(english.phone);
  expect(S.day(1)).not.toBe(english.monday);
});

test('no options component writes English text straight into the page: copy lives in _locales', () => {
  const dir = import.meta.dirname;
  // A JSX text node that starts with a word ("Save", "Export full backup") rather than an expression.
  const bareText = /^\s*[A-Z][a-z]+(?: [a-z]+)*[.…]?\s*$/;
  const offenders: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsx'))) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const prev = lines[i - 1] ?? '';
      if (bareText.test(line) && /[>]\s*$/.test(prev)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      if (/<(h[1-6]|legend|option|button|p|strong)[^>]*>[A-Z][a-z]+[ a-z]*</.test(line))
        offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});

test('a field that fails its check is named by its exact path, the sentence in the UI language', () => {
  const issue = CustomSiteSchema.safeParse({
    id: 'custom:x.example',
    name: 'x'.repeat(101),
    pattern: 'https://x.example/*',
    createdAt: 0,
  }).error?.issues[0];
  expect(S.errIssue(issue)).toBe('Not saved: name: longer than 80 characters');
  setCatalog('zh_CN', read('zh_CN'));
  expect(S.errIssue(issue)).toBe('未保存：name：超过 80 个字符');
  const pattern = CustomSiteSchema.safeParse({
    id: 'custom:x.example',
    name: 'x',
    pattern: 'not a pattern',
    createdAt: 0,
  }).error?.issues[0];
  expect(S.errIssue(pattern)).toBe('未保存：pattern：请使用类似 https://exchange.example/profile/security* 的模式');
});
