// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { afterEach, expect, test } from 'vitest';
import ar from '../public/_locales/ar/messages.json';
import en from '../public/_locales/en/messages.json';
import { countedIncidents, incidentsOfWarnings } from '../src/core/incidents';
import type { StoredWarning } from '../src/core/types';
import type { AccountView, Transport } from '../src/shared/contract';
import { loadLocale } from '../src/ui/load-locale';
import { takeFirstAnswers, withFirstAnswers } from './first-answers';
import { createPopupModel } from './model';
import { Popup } from './popup';

// The popup's first script draws each card's heading when the overview arrives (public/popup/first-request.js, "the
// first look"); the UI code then draws over it. These tests hold the first look to what the UI's first paint shows
// for the same overview, and check that the UI reuses its elements rather than adding its own beside them.

const SCRIPT = readFileSync(join(import.meta.dirname, '../public/popup/first-request.js'), 'utf8');
const NOW = Date.UTC(2026, 3, 14, 12);
type Catalog = Record<string, { message: string }>;

function warning(accountId: string, n: number, severity: StoredWarning['severity']): StoredWarning {
  return {
    id: `${accountId}|unknown-device|${n}`,
    accountId,
    rule: 'unknown-device',
    subject: `s${n}`,
    severity,
    reason: 'r',
    evidence: { device: `Device ${n}`, ip: `192.0.2.${n}` },
    state: 'open',
    firstRaisedAt: 1,
    lastRaisedAt: 1,
    stateChangedAt: 1,
  };
}

/** A view as the worker sends it: with the count its card shows (src/background/handlers.ts readOverview). */
function view(id: string, siteName: string, hint: string, severities: StoredWarning['severity'][], lastScanAt = NOW) {
  const warnings = severities.map((s, i) => warning(id, i + 1, s));
  const v: AccountView = {
    account: { id, siteId: id.split(':')[0] ?? 'x', hint, firstScanAt: 1, lastScanAt, scanCount: 2 },
    siteName,
    devicesUrl: 'https://www.binance.com/en/my/security/device-management',
    sessions: [],
    warnings,
    openWarningCount: warnings.length,
  };
  return { ...v, incidentCount: countedIncidents(incidentsOfWarnings(id, v.warnings, v.sessions)).length };
}

const overview = {
  accounts: [
    view('kucoin:a', 'KuCoin', 'default', []),
    view('binance:1', 'Binance', 'UID 1', ['medium'], NOW - 1),
    view('binance:2', 'Binance', 'UID 2', ['high', 'high', 'low']),
    view('kraken:x', 'Kraken<img src=x onerror="alert(1)">', '\u202eevil', ['medium', 'medium']),
    view('binance:3', 'Binance', 'UID 3', ['low']),
  ],
  badgeCount: 5,
};

/** Runs the first script in this page, with the browser's messages of `catalog` and the worker's `answer`. */
async function firstLook(answer: unknown, catalog: Catalog = en, ui = 'en-US') {
  const sent: unknown[] = [];
  const chrome = {
    storage: { onChanged: { addListener: () => undefined, removeListener: () => undefined } },
    runtime: {
      sendMessage: (m: unknown) => {
        sent.push(m);
        return Promise.resolve(answer);
      },
    },
    i18n: {
      getUILanguage: () => ui,
      // The browser's @@bidi_dir follows its own locale: always 'ltr' here, as a headless Chromium said in Arabic.
      getMessage: (key: string) =>
        key === '@@bidi_dir' ? 'ltr' : (catalog[key]?.message ?? en[key as keyof typeof en]?.message ?? ''),
    },
  };
  Object.assign(globalThis, { chrome });
  new Function(SCRIPT)();
  await new Promise((r) => setTimeout(r, 0));
  return document.getElementById('app') as HTMLElement;
}

/** What a card heading shows: icon letter, title, pill, and whether it is alerted. */
const headings = (root: HTMLElement) =>
  [...root.querySelectorAll('section.card')].map((card) => ({
    icon: card.querySelector('.site-icon')?.textContent,
    title: card.querySelector('.card__title')?.textContent,
    pill: card.querySelector('.pill')?.textContent,
    pillClass: card.querySelector('.pill')?.className,
    alert: card.classList.contains('card--alert'),
  }));

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('dir');
  window.history.replaceState(null, '', '/');
  delete (globalThis as { chrome?: unknown }).chrome;
  delete (globalThis as Record<string, unknown>).sessionWatchdogFirstAnswers;
});

async function uiFirstPaint(into: HTMLElement, locale: 'en' | 'ar' = 'en') {
  if (locale === 'ar') window.history.replaceState(null, '', '/?lang=ar');
  await loadLocale(en as never);
  if (locale === 'ar') window.history.replaceState(null, '', '/');
  const answers = takeFirstAnswers();
  const transport = withFirstAnswers((async () => overview) as unknown as Transport, answers);
  const model = createPopupModel(transport, () => NOW);
  await model.load();
  render(<Popup model={model} openOptions={() => undefined} openAddSite={() => undefined} />, into);
  return model;
}

test('the first look draws every card heading, worst first, with the counts and words of the UI first paint', async () => {
  document.body.innerHTML = '<div id="app"></div>';
  const app = await firstLook({ ok: true, value: overview });
  const look = headings(app);
  expect(look.map((h) => h.title)).toEqual([
    'Binance UID 2',
    'Kraken<img src=x onerror="alert(1)"> \u202eevil',
    'Binance UID 1',
    'Binance UID 3',
    'KuCoin account',
  ]);
  expect(look[0]).toMatchObject({ icon: 'B', pill: '2 incidents open', pillClass: 'pill pill--bad', alert: true });
  expect(look[2]?.pill).toBe('1 incident open');
  expect(look[3]).toMatchObject({ pill: 'All good', pillClass: 'pill pill--ok', alert: false });
  // Page text stays text.
  expect(app.querySelector('img')).toBeNull();
  expect(app.querySelector('.health')?.textContent).toBe('3 of 5 accounts need attention');

  // The UI's first paint for the same overview shows the same headings, in the same order.
  const ui = document.createElement('div');
  await uiFirstPaint(ui);
  expect(headings(ui)).toEqual(look);
  expect(ui.querySelector('.health')?.textContent).toBe(app.querySelector('.health')?.textContent);
});

test('the UI draws over the first look, reusing its elements: one popup, one card per account', async () => {
  document.body.innerHTML = '<div id="app"></div>';
  const app = await firstLook({ ok: true, value: overview });
  const cards = [...app.querySelectorAll('section.card')];
  await uiFirstPaint(app);
  expect(app.querySelectorAll('main')).toHaveLength(1);
  expect(app.querySelectorAll('section.card')).toHaveLength(5);
  expect([...app.querySelectorAll('section.card')]).toEqual(cards);
  // What only the UI draws is there: the cards' test ids and labels, the first card's incidents.
  expect(app.querySelectorAll('[data-testid="account-card"]')).toHaveLength(5);
  expect(app.querySelector('section.card')?.getAttribute('aria-labelledby')).toBe('card-binance-2');
  expect(app.querySelectorAll('section.card')[0]?.querySelectorAll('.warnings > li').length).toBeGreaterThan(0);
});

test('the first look is in the popup language, right to left in Arabic', async () => {
  document.body.innerHTML = '<div id="app"></div>';
  const app = await firstLook({ ok: true, value: overview }, ar as Catalog, 'ar');
  expect(document.documentElement.dir).toBe('rtl');
  const look = headings(app);
  const ui = document.createElement('div');
  await uiFirstPaint(ui, 'ar');
  expect(headings(ui)).toEqual(look);
  expect(look[0]?.pill).not.toMatch(/[A-Za-z]/);
});

test('nothing is drawn when the UI drew first, the answer is not an overview, or the languages differ', async () => {
  const cases: [string, unknown, Catalog?, string?][] = [
    ['<div id="app"><p>Loading</p></div>', { ok: true, value: overview }],
    ['<div id="app"></div>', { ok: false, error: 'x' }],
    ['<div id="app"></div>', undefined],
    [
      '<div id="app"></div>',
      { ok: true, value: { accounts: [{ ...overview.accounts[0], incidentCount: undefined }] } },
    ],
    // A Chinese browser whose messages came in English (no catalog of its own): the UI picks Chinese.
    ['<div id="app"></div>', { ok: true, value: overview }, en, 'zh'],
  ];
  for (const [body, answer, catalog, ui] of cases) {
    document.body.innerHTML = body;
    const app = await firstLook(answer, catalog, ui);
    expect(app.querySelectorAll('section.card')).toHaveLength(0);
  }
  // A page opened on a language of its own (?lang=): the first look is not in it.
  document.body.innerHTML = '<div id="app"></div>';
  window.history.replaceState(null, '', '/?lang=ar');
  expect((await firstLook({ ok: true, value: overview })).querySelectorAll('section.card')).toHaveLength(0);
});
