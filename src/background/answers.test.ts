import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { StoredWarning } from '../core/types';
import type { Answer } from '../shared/answers';
import type { AccountView, ResponseOf } from '../shared/contract';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, openDatabase } from './db';
import { handleMessage, type Services } from './handlers';
import { fixturePage } from './scan-page-test-helpers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}popup/index.html` };
const URL_ = 'https://www.binance.com/en/my/security/device-management';
const tabOf = (id: number) => ({ id: ID, url: URL_, tab: { id, url: URL_ }, frameId: 0 });
/** The saved Binance page as its content script sends it. */
const page = fixturePage('binance-device-management.en');

let db: Db;
let settings: Settings;
let answers: Answer[];
let n = 0;

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    saveSettings: async (next) => {
      settings = next;
    },
    answers: {
      load: async () => answers,
      save: async (next) => {
        answers = next;
      },
    },
    now: () => page.now,
    refreshBadge: async () => undefined,
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
  });
}

async function send<T>(type: string, payload: unknown, sender: object = PAGE): Promise<T> {
  const r = await handleMessage({ type, payload }, sender, services());
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}

async function view(): Promise<AccountView> {
  return (await send<ResponseOf<'getOverview'>>('getOverview', {})).accounts[0] as AccountView;
}

/** The open warnings about one address: what the popup shows as one incident. */
async function about(ip: string): Promise<StoredWarning[]> {
  return (await view()).warnings.filter((w) => w.evidence.ip === ip);
}

beforeEach(async () => {
  db = await openDatabase(`answers-${n++}`);
  settings = defaultSettings();
  answers = [];
  // A tab per test: the worker meters each tab's readings.
  expect(await send<ResponseOf<'recordPage'>>('recordPage', page.message.payload, tabOf(n))).toMatchObject({
    isRecorded: true,
  });
});
afterEach(() => db.close());

test('Dismiss closes every warning of the incident, and Undo opens them all again', async () => {
  const incident = await about('45.77.12.9');
  const ids = incident.map((w) => w.id);
  // The judgement folds the stranger's findings into one incident that lists every reason.
  expect(incident.flatMap((w) => w.reasons ?? [w]).length).toBeGreaterThan(1);
  const before = (await view()).openWarningCount;
  const r = await send<ResponseOf<'answerIncident'>>('answerIncident', { warningIds: ids, answer: 'dismissed' });
  expect(r.change).toBe('dismissed');
  expect(r.openWarnings).toBe(before - ids.length);
  expect(await about('45.77.12.9')).toEqual([]);
  expect(answers).toEqual([
    expect.objectContaining({ kind: 'dismissed', warningIds: ids, label: expect.stringContaining('45.77.12.9') }),
  ]);

  const undone = await send<ResponseOf<'undoAnswer'>>('undoAnswer', { answerId: r.answerId });
  expect(undone.openWarnings).toBe(before);
  expect((await about('45.77.12.9')).map((w) => w.id).sort()).toEqual([...ids].sort());
  expect(answers).toEqual([]);
});

test('"This was me" trusts the row and Undo removes the trusted device it created', async () => {
  const ids = (await about('198.51.100.23')).map((w) => w.id);
  const r = await send<ResponseOf<'answerIncident'>>('answerIncident', { warningIds: ids, answer: 'mine' });
  expect(r.change).toBe('created');
  expect(settings.trustedDevices).toHaveLength(1);
  expect(await about('198.51.100.23')).toEqual([]);

  await send('undoAnswer', { answerId: r.answerId });
  expect(settings.trustedDevices).toEqual([]);
  expect((await about('198.51.100.23')).map((w) => w.rule)).toContain('unknown-device');
});

test('Undo of a widening puts the trusted device back as it was, not removed', async () => {
  const original = {
    id: 'office-mac',
    name: 'Office Mac',
    browser: 'Chrome',
    os: 'macOS',
    deviceType: 'desktop' as const,
    ipRanges: ['192.0.2.0/24'],
    createdAt: 1,
  };
  settings = { ...settings, trustedDevices: [original] };
  const ids = (await about('203.0.113.42')).map((w) => w.id);
  const r = await send<ResponseOf<'answerIncident'>>('answerIncident', { warningIds: ids, answer: 'mine' });
  expect(r.change).toBe('widened');
  expect(settings.trustedDevices[0]?.ipRanges).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
  await send('undoAnswer', { answerId: r.answerId });
  expect(settings.trustedDevices).toEqual([original]);
  expect((await about('203.0.113.42')).length).toBeGreaterThan(0);
});

test('answers are page-only, refuse unknown warnings whole and an unknown undo', async () => {
  const ids = (await about('45.77.12.9')).map((w) => w.id);
  const refused = await handleMessage(
    { type: 'answerIncident', payload: { warningIds: [...ids, 'nope'], answer: 'dismissed' } },
    PAGE,
    services(),
  );
  expect(refused).toMatchObject({ ok: false, error: 'No such warning' });
  expect((await about('45.77.12.9')).length).toBe(ids.length);
  expect(await handleMessage({ type: 'undoAnswer', payload: { answerId: 'x' } }, PAGE, services())).toMatchObject({
    ok: false,
    error: 'Nothing to undo',
  });
  expect(
    await handleMessage({ type: 'answerIncident', payload: { warningIds: ids, answer: 'mine' } }, tabOf(0), services()),
  ).toMatchObject({ ok: false, error: expect.stringContaining('not accepted') });
});
