// @vitest-environment jsdom
import { render } from 'preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import en from '../public/_locales/en/messages.json';
import { countedIncidents, incidentsOfWarnings } from '../src/core/incidents';
import type { IncidentReason, StoredWarning } from '../src/core/types';
import type { AccountView, Transport } from '../src/shared/contract';
import { loadLocale } from '../src/ui/load-locale';
import { createPopupModel } from './model';
import { Popup, REASONS_SHOWN } from './popup';

const NOW = Date.UTC(2026, 3, 14, 12);

/** One open incident of `n` reasons, as the judging stores it (the lead's own reason first). */
function incident(n: number): StoredWarning {
  const reasons: IncidentReason[] = Array.from({ length: n }, (_, i) => ({
    rule: 'cross-account',
    subject: `s${i}`,
    severity: 'medium',
    reason: `Reason number ${i + 1}.`,
    evidence: { device: 'Firefox 128 (Linux)', ip: `203.0.113.${i + 1}` },
  }));
  return {
    ...(reasons[0] as IncidentReason),
    subject: 's0',
    id: 'binance:1|cross-account|s0',
    accountId: 'binance:1',
    reasons,
    state: 'open',
    firstRaisedAt: 1,
    lastRaisedAt: 1,
    stateChangedAt: 1,
  };
}

async function shown(n: number): Promise<HTMLElement> {
  await loadLocale(en as never);
  const warnings = [incident(n)];
  const v: AccountView = {
    account: { id: 'binance:1', siteId: 'binance', hint: 'UID 1', firstScanAt: 1, lastScanAt: NOW, scanCount: 2 },
    siteName: 'Binance',
    devicesUrl: 'https://www.binance.com/en/my/security/device-management',
    sessions: [],
    warnings,
    openWarningCount: 1,
  };
  const view = { ...v, incidentCount: countedIncidents(incidentsOfWarnings(v.account.id, warnings, [])).length };
  const model = createPopupModel(
    (async () => ({ accounts: [view], badgeCount: 1 })) as unknown as Transport,
    () => NOW,
  );
  await model.load();
  const host = document.createElement('div');
  document.body.append(host);
  render(<Popup model={model} openOptions={() => undefined} openAddSite={() => undefined} />, host);
  await new Promise((r) => setTimeout(r, 0));
  return host;
}

const reasons = (host: HTMLElement) =>
  [...host.querySelectorAll('[data-testid="incident"] [data-testid="warning"] > span')].map((x) => x.textContent);

beforeEach(() => {
  // What the UI asks of the browser here: its language and messages (English), and storage's change events.
  const chrome = {
    storage: { onChanged: { addListener: () => undefined, removeListener: () => undefined } },
    i18n: {
      getUILanguage: () => 'en-US',
      getMessage: (key: string) => (key === '@@bidi_dir' ? 'ltr' : (en[key as keyof typeof en]?.message ?? '')),
    },
  };
  Object.assign(globalThis, { chrome });
});

afterEach(() => {
  document.body.replaceChildren();
  delete (globalThis as { chrome?: unknown }).chrome;
});

test('an incident of many reasons shows its first ones and a button for the rest, which shows them all', async () => {
  const host = await shown(50);
  expect(reasons(host)).toEqual(Array.from({ length: REASONS_SHOWN }, (_, i) => `Reason number ${i + 1}.`));
  const more = host.querySelector<HTMLButtonElement>('[data-testid="more-reasons"]');
  expect(more?.textContent).toBe(`Show ${50 - REASONS_SHOWN} more reasons`);
  expect(more?.getAttribute('aria-expanded')).toBe('false');
  more?.click();
  await new Promise((r) => setTimeout(r, 0));
  expect(reasons(host)).toHaveLength(50);
  expect(host.querySelector('[data-testid="more-reasons"]')).toBeNull();
});

test('a list only one longer than the first ones is shown whole: no "Show 1 more"', async () => {
  const host = await shown(REASONS_SHOWN + 1);
  expect(reasons(host)).toHaveLength(REASONS_SHOWN + 1);
  expect(host.querySelector('[data-testid="more-reasons"]')).toBeNull();
});
