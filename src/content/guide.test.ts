// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { findLogOutButtons, guide } from './guide';

beforeEach(() => {
  document.documentElement.innerHTML = '<head></head><body></body>';
  Element.prototype.scrollIntoView = () => undefined;
});

test.each([
  ['<button>Log out of all devices</button>', 'Log out of all devices'],
  ['<button> Sign out   all other sessions </button>', 'Sign out all other sessions'],
  ['<a href="#">End all sessions</a>', 'End all sessions'],
  ['<div role="button">退出所有设备</div>', '退出所有设备'],
  ['<input type="button" value="Sign out all devices">', 'Sign out all devices'],
])('%s is the log-out-all control', (html, text) => {
  document.body.innerHTML = `<button>Remove</button>${html}`;
  const { isAll, targets } = findLogOutButtons(document);
  expect(isAll).toBe(true);
  expect(targets).toHaveLength(1);
  const el = targets[0];
  expect(el instanceof HTMLInputElement ? el.value : el?.textContent?.replace(/\s+/g, ' ').trim()).toBe(text);
});

test('without a log-out-all control the per-row buttons are the fallback; prose is not a button', () => {
  document.body.innerHTML =
    '<p>Log out of all devices from the menu</p><table><tr><td><button>Remove</button></td></tr><tr><td><button>Log out</button></td></tr></table><button>Remove account forever</button>';
  const { isAll, targets } = findLogOutButtons(document);
  expect(isAll).toBe(false);
  expect(targets.map((t) => t.textContent)).toEqual(['Remove', 'Log out']);
});

test('the KuCoin page: its button is outlined, never clicked, and the banner is text in a closed shadow root', () => {
  const html = readFileSync(join(__dirname, '../../e2e/fixtures/kucoin-security.en.html'), 'utf8');
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
  let clicks = 0;
  document.addEventListener('click', () => clicks++, true);
  expect(guide('<img src=x onerror=alert(1)>')).toBe(true);
  const marked = document.querySelectorAll('[data-session-watchdog-highlight]');
  expect(marked).toHaveLength(1);
  expect(marked[0]?.textContent).toBe('Log out of all devices');
  expect((marked[0] as HTMLElement).style.outline).toContain('solid');
  const banner = document.querySelector('session-watchdog-banner');
  expect(banner).not.toBeNull();
  expect(banner?.shadowRoot).toBeNull();
  expect(document.querySelector('img')).toBeNull();
  expect(clicks).toBe(0);
});

test('nothing to point at: no banner', () => {
  document.body.innerHTML = '<p>Devices</p>';
  expect(guide('X')).toBe(false);
  expect(document.querySelector('session-watchdog-banner')).toBeNull();
});
