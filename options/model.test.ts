import { expect, test } from 'vitest';
import { defaultThresholds } from '../src/core/rules/rule';
import type { AccountView, Transport } from '../src/shared/contract';
import { defaultSettings, type Settings } from '../src/shared/settings';
import { createActivityModel, createOptionsModel } from './model';
import { emptyDraft } from './trusted-devices';

function memoryStore(initial = defaultSettings()) {
  let stored: Settings = initial;
  let writes = 0;
  return {
    store: {
      load: async () => stored,
      save: async (s: Settings) => {
        stored = s;
        writes++;
      },
    },
    read: () => stored,
    writes: () => writes,
  };
}

async function loaded(initial?: Settings) {
  const mem = memoryStore(initial);
  let n = 0;
  const m = createOptionsModel(
    mem.store,
    () => 5,
    () => `id-${++n}`,
  );
  await m.load();
  return { m, ...mem };
}

test('a trusted device with every field is added, edited in place and deleted', async () => {
  const { m, read } = await loaded();
  const draft = {
    ...emptyDraft(),
    name: ' My Mac ',
    pattern: 'Chrome * macOS',
    browser: 'Chrome',
    os: 'macOS',
    model: 'MacBook*',
    deviceType: 'desktop' as const,
    isAnyNetwork: false,
    ipRanges: '203.0.113.0/24\n2001:db8::/48, 203.0.113.0/24',
    countries: 'gb, FR',
    isAllAccounts: false,
    accountIds: ['binance:1'],
  };
  expect(await m.saveTrustedDevice(draft)).toBeUndefined();
  expect(read().trustedDevices).toEqual([
    {
      id: 'id-1',
      name: 'My Mac',
      pattern: 'Chrome * macOS',
      browser: 'Chrome',
      os: 'macOS',
      model: 'MacBook*',
      deviceType: 'desktop',
      ipRanges: ['203.0.113.0/24', '2001:db8::/48'],
      countries: ['GB', 'FR'],
      accountIds: ['binance:1'],
      createdAt: 5,
    },
  ]);
  expect(
    await m.saveTrustedDevice({ ...draft, name: 'Work Mac', isAnyNetwork: true, isAllAccounts: true }, 'id-1'),
  ).toBeUndefined();
  expect(read().trustedDevices).toHaveLength(1);
  expect(read().trustedDevices[0]).toMatchObject({ id: 'id-1', name: 'Work Mac', createdAt: 5 });
  expect(read().trustedDevices[0]?.ipRanges).toBeUndefined();
  expect(read().trustedDevices[0]?.accountIds).toBeUndefined();
  expect(await m.removeTrustedDevice('id-1')).toBeUndefined();
  expect(read().trustedDevices).toEqual([]);
});

test.each([
  [{ name: '', pattern: 'Chrome' }, 'name'],
  [{ name: 'Mac', isAnyNetwork: true }, 'nearly every'],
  [{ name: 'Mac', pattern: '*', isAnyNetwork: true }, 'nearly every'],
  [{ name: 'Mac', deviceType: 'desktop' as const, isAnyNetwork: true }, 'nearly every'],
  [{ name: 'Mac', pattern: 'Chrome', isAnyNetwork: false, ipRanges: '' }, 'at least one IP range'],
  [{ name: 'Mac', pattern: 'Chrome', isAnyNetwork: false, ipRanges: '10.0.0.0/8 300.1.1.1' }, '"300.1.1.1"'],
  [{ name: 'Mac', pattern: 'Chrome', isAnyNetwork: true, countries: 'UK' }, '"UK"'],
  [{ name: 'Mac', pattern: 'Chrome', isAnyNetwork: true, isAllAccounts: false }, 'at least one account'],
  [{ name: 'x'.repeat(101), pattern: 'Chrome', isAnyNetwork: true }, 'name'],
])('an invalid device %j is refused with a message and nothing saved', async (input, message) => {
  const { m, read, writes } = await loaded();
  expect(await m.saveTrustedDevice({ ...emptyDraft(), ...input })).toContain(message);
  expect(read().trustedDevices).toEqual([]);
  expect(writes()).toBe(0);
});

test('a schedule is saved validated; an unknown zone or no hours is refused', async () => {
  const { m, read } = await loaded();
  const windows = [{ days: [1, 2, 3, 4, 5], startMinute: 420, endMinute: 1410 }];
  expect(await m.saveSchedule({ name: 'Nope', timeZone: 'Mars/Olympus', windows })).toContain('Mars/Olympus');
  expect(await m.saveSchedule({ name: 'Empty', timeZone: 'UTC', windows: [] })).toContain('at least one hour');
  expect(await m.saveSchedule({ name: ' ', timeZone: 'UTC', windows })).toContain('label');
  expect(read().schedules).toEqual([]);
  expect(await m.saveSchedule({ name: 'Week', timeZone: 'Europe/London', windows, accountIds: [] })).toBeUndefined();
  expect(read().schedules).toEqual([{ id: 'id-1', name: 'Week', timeZone: 'Europe/London', windows }]);
  expect(await m.saveSchedule({ id: 'id-1', name: 'Week 2', timeZone: 'UTC', windows })).toBeUndefined();
  expect(read().schedules.map((s) => s.name)).toEqual(['Week 2']);
  await m.removeSchedule('id-1');
  expect(read().schedules).toEqual([]);
});

test('the blocklist takes addresses and ranges, refuses junk and duplicates', async () => {
  const { m, read } = await loaded();
  expect(await m.addBlocklistEntry(' 198.51.100.0/24 ')).toBeUndefined();
  expect(await m.addBlocklistEntry('2001:db8::1')).toBeUndefined();
  expect(await m.addBlocklistEntry('198.51.100.0/24')).toContain('already');
  expect(await m.addBlocklistEntry('198.51.100.0/33')).toContain('not an IP');
  expect(await m.addBlocklistEntry('evil.example')).toContain('not an IP');
  expect(read().blocklist).toEqual(['198.51.100.0/24', '2001:db8::1']);
  await m.removeBlocklistEntry('2001:db8::1');
  expect(read().blocklist).toEqual(['198.51.100.0/24']);
});

test('a threshold is set within its schema bounds and reset to its default', async () => {
  const { m, read } = await loaded();
  expect(await m.setThreshold('maxActiveSessions', 8)).toBeUndefined();
  expect(read().thresholds.maxActiveSessions).toBe(8);
  expect(await m.setThreshold('maxActiveSessions', 0)).toContain('from 1 to 1000');
  expect(await m.setThreshold('maxActiveSessions', 2.5)).toBeDefined();
  expect(await m.setThreshold('impossibleTravelKmh', Number.NaN)).toContain('from 100 to 10000');
  expect(read().thresholds.maxActiveSessions).toBe(8);
  await m.resetThreshold('maxActiveSessions');
  expect(read().thresholds).toEqual(defaultThresholds);
});

test('a log-out page override is kept per site, on the site host only, and cleared with an empty value', async () => {
  const custom = { id: 'custom:exchange.example', name: 'Ex', pattern: 'https://exchange.example/sec*', createdAt: 1 };
  const { m, read } = await loaded({ ...defaultSettings(), customSites: [custom] });
  expect(await m.setLogoutUrl('binance', 'https://app.binance.com/en/my/security/device-management')).toBeUndefined();
  expect(read().logoutUrls).toEqual({ binance: 'https://app.binance.com/en/my/security/device-management' });
  expect(await m.setLogoutUrl('binance', 'https://binance.example/x')).toContain('www.binance.com');
  expect(await m.setLogoutUrl('binance', 'http://www.binance.com/x')).toContain('https');
  expect(await m.setLogoutUrl('custom:exchange.example', 'https://exchange.example/logout-all')).toBeUndefined();
  expect(read().customSites[0]?.logoutUrl).toBe('https://exchange.example/logout-all');
  await m.setLogoutUrl('binance', '');
  await m.setLogoutUrl('custom:exchange.example', ' ');
  expect(read().logoutUrls).toEqual({});
  expect(read().customSites[0]).toEqual(custom);
});

test('a write the settings schema refuses leaves storage untouched', async () => {
  const { m, writes } = await loaded();
  const outcome = await m.update((s) => ({ ...s, retentionDays: -1 }));
  expect(outcome).toContain('retentionDays');
  expect(writes()).toBe(0);
});

test('the activity model asks the worker for the overview, recent logins, the emergency checklists and a history window', async () => {
  const calls: [string, unknown][] = [];
  const accounts = [{ account: { id: 'a' } } as AccountView];
  const transport = (async (type: string, payload: unknown) => {
    calls.push([type, payload]);
    if (type === 'getOverview') return { accounts, badgeCount: 0 };
    if (type === 'getEmergency') return { checklists: { a: { startedAt: 1, done: ['logout'] } } };
    return { logins: [], hasMore: false };
  }) as Transport;
  const DAY = 86_400_000;
  const a = createActivityModel(transport, () => 100 * DAY);
  await a.load();
  await a.loadHistory('a', 30);
  expect(a.accounts.value).toBe(accounts);
  expect(calls).toEqual([
    ['getOverview', {}],
    ['getLogins', { limit: 2000 }],
    ['getEmergency', {}],
    ['getLogins', { accountId: 'a', since: 69 * DAY, limit: 5000 }],
  ]);
  expect(a.emergency.value).toEqual({ a: { startedAt: 1, done: ['logout'] } });
  expect(a.history.value).toEqual({ accountId: 'a', days: 30, logins: [], hasMore: false });
});

test('a rule switched off is stored as off, and switching it on again leaves no trace', async () => {
  const { m, read } = await loaded();
  expect(await m.setRuleEnabled('hosting-ip', false)).toBeUndefined();
  expect(await m.setRuleEnabled('new-city', false)).toBeUndefined();
  expect(read().enabledRules).toEqual({ 'hosting-ip': false, 'new-city': false });
  expect(await m.setRuleEnabled('hosting-ip', true)).toBeUndefined();
  expect(read().enabledRules).toEqual({ 'new-city': false });
  expect(await m.setRuleEnabled('new-city', true)).toBeUndefined();
  expect(read()).toEqual(defaultSettings());
});

test('changes made while an earlier save is still on its way both reach storage (none overwrites the other)', async () => {
  const mem = memoryStore();
  // The worker answers a save only after re-judging every account: each save takes a while.
  const slow = {
    ...mem.store,
    save: (s: Settings) => new Promise<void>((r) => setTimeout(() => r(mem.store.save(s)), 20)),
  };
  const m = createOptionsModel(
    slow,
    () => 5,
    () => 'id',
  );
  await m.load();
  const outcomes = await Promise.all([m.addBlocklistEntry('45.77.0.0/16'), m.addBlocklistEntry('10.0.0.0/8')]);
  expect(outcomes).toEqual([undefined, undefined]);
  expect(mem.read().blocklist).toEqual(['45.77.0.0/16', '10.0.0.0/8']);
  expect(m.settings.value?.blocklist).toEqual(['45.77.0.0/16', '10.0.0.0/8']);
});

test('a change another context stores while a save is on its way is kept, not replaced by the saved copy', async () => {
  const mem = memoryStore();
  let external: (() => void) | undefined;
  // The worker stores the page's settings first and answers after re-judging; meanwhile another context (the
  // popup's "This was me", the user in a second options tab) stores its own change, which this page hears of.
  const slow = {
    ...mem.store,
    save: async (s: Settings) => {
      await mem.store.save(s);
      await new Promise((r) => setTimeout(r, 10));
      external?.();
      await new Promise((r) => setTimeout(r, 10));
    },
  };
  const m = createOptionsModel(
    slow,
    () => 5,
    () => 'id',
  );
  await m.load();
  external = () => {
    const next = { ...mem.read(), blocklist: [...mem.read().blocklist, '10.0.0.0/8'] };
    void mem.store.save(next);
    m.settings.value = next; // what the page's storage listener does
  };
  expect(await m.addBlocklistEntry('45.77.0.0/16')).toBeUndefined();
  expect(mem.read().blocklist).toEqual(['45.77.0.0/16', '10.0.0.0/8']);
  expect(m.settings.value?.blocklist).toEqual(['45.77.0.0/16', '10.0.0.0/8']);
});
