// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test, vi } from 'vitest';
import { type GuideRow, guideTexts } from './guide';
import { guidePage as guideWith } from './guide-page';
import { type Catalog, messageText } from './message-text';

const en: Catalog = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'public', '_locales', 'en', 'messages.json'), 'utf8'),
);
const ENGLISH = messageText({ locale: () => 'en', lookup: (key) => en[key]?.message });
/** The guide with the worker's English words, or the texts a test gives. */
const guidePage = (siteName: string, texts?: Parameters<typeof guideWith>[0], row?: GuideRow): boolean =>
  guideWith(texts ?? guideTexts(ENGLISH, siteName, row), row);

const marked = () =>
  [...document.querySelectorAll('[data-session-watchdog-highlight]')].map((el) =>
    el instanceof HTMLInputElement ? el.value : el.textContent?.replace(/\s+/g, ' ').trim(),
  );

/** The banner's text: the closed shadow root hides it from the page, so read it where it was attached. */
function bannerText(): string | undefined {
  const box = shadows.at(-1)?.querySelector('[role=status]');
  return box?.textContent ?? undefined;
}
let shadows: ShadowRoot[] = [];

/** The page's body built from markup by the parser (a fixture of the test, not page text reaching our code). */
function setBody(html: string): void {
  document.body.replaceChildren(...new DOMParser().parseFromString(html, 'text/html').body.childNodes);
}
const attach = Element.prototype.attachShadow;

beforeEach(() => {
  // A new root element each time: a guide still watching an earlier test's page keeps watching that one.
  const root = document.createElement('html');
  root.append(document.createElement('head'), document.createElement('body'));
  document.replaceChild(root, document.documentElement);
  Element.prototype.scrollIntoView = () => undefined;
  shadows = [];
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    shadows.push(root);
    return root;
  };
});

test.each([
  ['<button>Log out of all devices</button>', 'Log out of all devices'],
  ['<button> Sign out   all other sessions </button>', 'Sign out all other sessions'],
  ['<a href="#">End all sessions</a>', 'End all sessions'],
  ['<div role="button">退出所有设备</div>', '退出所有设备'],
  ['<input type="button" value="Sign out all devices">', 'Sign out all devices'],
])('%s is the log-out-all control', (html, text) => {
  setBody(`<button>Remove</button>${html}`);
  expect(guidePage('Example')).toBe(true);
  expect(marked()).toEqual([text]);
  expect(bannerText()).toContain('logs Example out on every device');
});

test('without a log-out-all control the per-row buttons are the fallback; prose is not a button', () => {
  setBody(
    '<p>Log out of all devices from the menu</p><table><tr><td><button>Remove</button></td></tr><tr><td><button>Log out</button></td></tr></table><button>Remove account forever</button>',
  );
  expect(guidePage('Example')).toBe(true);
  expect(marked()).toEqual(['Remove', 'Log out']);
  expect(bannerText()).toContain('log single Example sessions out');
});

test('the KuCoin page: its button is outlined, never clicked, and the banner is text in a closed shadow root', () => {
  const html = readFileSync(join(__dirname, '../../e2e/fixtures/kucoin-security.en.html'), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.replaceChildren(...parsed.head.childNodes);
  document.body.replaceChildren(...parsed.body.childNodes);
  let clicks = 0;
  document.addEventListener('click', () => clicks++, true);
  expect(guidePage('<img src=x onerror=alert(1)>')).toBe(true);
  expect(marked()).toEqual(['Log out of all devices']);
  const el = document.querySelector('[data-session-watchdog-highlight]') as HTMLElement;
  expect(el.style.outline).toContain('solid');
  const banner = document.querySelector('session-watchdog-banner');
  expect(banner).not.toBeNull();
  expect(banner?.shadowRoot).toBeNull();
  expect(document.querySelector('img')).toBeNull();
  expect(clicks).toBe(0);
});

test('nothing to point at: no banner', () => {
  setBody('<p>Devices</p>');
  expect(guidePage('X')).toBe(false);
  expect(document.querySelector('session-watchdog-banner')).toBeNull();
});

test('a single-page app that renders the button late is guided when it appears', async () => {
  setBody('<p>Loading…</p>');
  expect(guidePage('X')).toBe(false);
  const late = document.createElement('button');
  late.textContent = 'Sign out all devices';
  document.body.append(late);
  await vi.waitFor(() => expect(marked()).toEqual(['Sign out all devices']));
  expect(document.querySelectorAll('session-watchdog-banner')).toHaveLength(1);
});

test('the guide is self-contained: executeScript serialises it, nothing from its module comes along', () => {
  // Rebuilt from its source text alone, as the browser does: it must still find and outline the button.
  const rebuilt = new Function(`return (${guideWith.toString()})`)() as typeof guideWith;
  setBody('<button>End all sessions</button>');
  expect(rebuilt(guideTexts(ENGLISH, 'X'))).toBe(true);
  expect(marked()).toEqual(['End all sessions']);
});

const ROWS =
  '<header><button>Menu</button></header><h2>Devices</h2><table><tr><td>Chrome on macOS</td><td>203.0.113.42</td><td><button>Remove</button></td></tr><tr><td>Firefox 115 on Windows 10</td><td>45.77.12.9</td><td><button>Remove</button></td></tr></table><button>Log out of all devices</button>';

test('"Sign out this session": only that row’s own control is outlined, not log-out-all nor the other rows', () => {
  setBody(ROWS);
  expect(guidePage('Example', undefined, { ip: '45.77.12.9', device: 'Firefox 115 on Windows 10' })).toBe(true);
  expect(marked()).toEqual(['Remove']);
  const outlined = document.querySelector('[data-session-watchdog-highlight]');
  expect(outlined?.closest('tr')?.textContent).toContain('45.77.12.9');
  expect(bannerText()).toContain('signs out the session of Firefox 115 on Windows 10 (45.77.12.9) on Example');
});

test('the banner sits in the flow before the list (covering no control), in the given language, and closes', () => {
  setBody(ROWS);
  const texts = {
    all: 'الكل',
    rows: 'الصفوف',
    row: 'Session Watchdog: العنصر المحدَّد يُنهي الجلسة',
    rowMissing: 'غير موجود',
    close: 'إغلاق',
    dir: 'rtl' as const,
    lang: 'ar',
  };
  guidePage('Example', texts, { ip: '45.77.12.9' });
  const host = document.querySelector('session-watchdog-banner');
  // Not fixed over the page: a sibling just before the table.
  expect(host?.nextElementSibling?.tagName).toBe('TABLE');
  const box = shadows.at(-1)?.querySelector('[role=status]') as HTMLElement;
  expect(box.style.position).toBe('');
  expect(box.dir).toBe('rtl');
  expect(bannerText()).toContain('العنصر المحدَّد');
  const close = shadows.at(-1)?.querySelector('button');
  close?.click();
  expect(close).toBeDefined();
  expect(document.querySelector('session-watchdog-banner')).toBeNull();
});

test('a row that is not on the page: nothing outlined, the banner says so; it is outlined when it appears', async () => {
  setBody(ROWS);
  expect(guidePage('Example', undefined, { ip: '198.51.100.99' })).toBe(false);
  expect(marked()).toEqual([]);
  expect(bannerText()).toContain('not found');
  expect(document.querySelector('session-watchdog-banner')?.parentElement).toBe(document.body);
  const table = document.querySelector('table') as HTMLTableElement;
  const tr = table.insertRow();
  tr.insertCell().textContent = '198.51.100.99';
  const cell = tr.insertCell();
  const button = document.createElement('button');
  button.textContent = 'Sign out';
  cell.append(button);
  await vi.waitFor(() => expect(marked()).toEqual(['Sign out']));
  expect(document.querySelectorAll('session-watchdog-banner')).toHaveLength(1);
});

test('"Delete this key" on the Binance API page: only that key’s own Delete is outlined, never Delete all', () => {
  const page = readFileSync(
    join(import.meta.dirname, '..', '..', 'e2e', 'fixtures', 'binance-api-management.en.html'),
    'utf8',
  );
  setBody(new DOMParser().parseFromString(page, 'text/html').body.innerHTML);
  // The key as the worker keeps it: its label and the two ends of its masked form.
  expect(guidePage('Binance', undefined, { texts: ['sync', 'Q3kd', 'E0c7'] })).toBe(true);
  expect(marked()).toEqual(['Delete']);
  const row = document.querySelector('[data-session-watchdog-highlight]')?.closest('tr');
  expect(row?.textContent).toContain('Q3kd81XZpa…Wm2sE0c7');
  // A label alone that another row's text also holds does not pick a row with the wrong key.
  for (const el of document.querySelectorAll('[data-session-watchdog-highlight]'))
    el.removeAttribute('data-session-watchdog-highlight');
  vi.useFakeTimers();
  expect(guidePage('Binance', undefined, { texts: ['sync', 'vmPU', 'Ba1x'] })).toBe(false);
  expect(marked()).toEqual([]);
  // It stops watching the page after its 30 s.
  vi.advanceTimersByTime(30_001);
  vi.useRealTimers();
});
