import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Backup } from '../shared/backup';
import { defaultSettings, readSettings, type Settings } from '../shared/settings';
import { LocalisedError } from '../shared/zod-issue';
import { exportBackup, importBackup, type SettingsAccess } from './backup-service';
import { realisticBackup } from './backup-test-helpers';
import { type Db, openDatabase, readAllRows } from './db';

/** `npm run fuzz` sets FUZZ_RUNS=5000; the unit suite runs a few. */
const RUNS = Number(process.env.FUZZ_RUNS) || 60;

/**
 * Every refusal names where: the path of the bad field (`sessions[3].ip: …`, `(root): …`) or, for a file that is not
 * JSON or too large, says so. Nothing else (a TypeError, a RangeError from deep nesting) may come out.
 */
const NAMES_A_FIELD = /^(\(root\)|[\p{L}_$][\p{L}\p{N}_$]*(\[\d+\]|\.[\p{L}\p{N}_$]+)*)(: | \(and)/u;
const WHOLE_FILE = /^(Not a JSON file: |The file is over 50 MB|The file is not a valid backup\.)/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in a JSON document (bounded: a backup has a few hundred). */
function paths(doc: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(doc)) {
    for (const [i, v] of doc.entries()) paths(v, [...at, i], out);
  } else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...at, k], out);
  return out;
}

function setAt(doc: Json, path: (string | number)[], value: Json): Json {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    copy[head as number] = setAt(doc[head as number] as Json, rest, value);
    return copy;
  }
  if (doc && typeof doc === 'object') {
    const copy = { ...doc };
    Object.defineProperty(copy, head as string, {
      value: setAt(doc[head as string] as Json, rest, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  }
  return doc;
}

/** What replaces the value at a random path: other types, sizes, ids, nesting. */
const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, -(2 ** 31), 1e308),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => ({ $repeat: n })),
  fc.constantFrom([], {}, [1, 'a', null], { __proto__: 1 } as Json, { constructor: { prototype: {} } } as Json),
  fc.integer({ min: 10, max: 5000 }).map((n) => ({ $nest: n })),
);

/**
 * Large values are described, not built, so a failing case prints short. Deep nesting goes into the text itself
 * (a marker string replaced after JSON.stringify, which would itself overflow the test's stack).
 */
function built(v: Json): Json {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if (typeof v.$nest === 'number') return `\u0000nest:${v.$nest}`;
    if (typeof v.$repeat === 'number') return 'x'.repeat(v.$repeat);
  }
  return v;
}

function withNesting(text: string): string {
  return text.replace(/"\\u0000nest:(\d+)"/g, (_, n: string) => `${'['.repeat(Number(n))}1${']'.repeat(Number(n))}`);
}

/** Mutations of the file's text itself: duplicate keys (the last wins in JSON.parse), `__proto__` keys, truncation. */
type TextMutation = { kind: 'text'; apply: (text: string) => string };
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.constantFrom<TextMutation>(
    { kind: 'text', apply: (t) => t.replace('{', '{"__proto__":{"polluted":true},') },
    { kind: 'text', apply: (t) => t.replace('"settings":{', '"settings":{"__proto__":{"trustedDevices":[]},') },
    { kind: 'text', apply: (t) => t.replace('"accounts":', '"accounts":[],"accounts":') },
    { kind: 'text', apply: (t) => t.replace(/"ip":"[^"]*"/, '"ip":"1.2.3.4","ip":7') },
    { kind: 'text', apply: (t) => t.replace(/"id":\d+/, '"id":9007199254740991') },
  ),
  fc.nat().map<TextMutation>((n) => ({ kind: 'text', apply: (t) => t.slice(0, n % Math.max(1, t.length)) })),
);

let db: Db;
let base: Backup;
let paths0: (string | number)[][];
const tally = { cases: 0, accepted: 0, refused: 0 };

beforeAll(async () => {
  db = await openDatabase('backup-fuzz');
  base = await realisticBackup(db);
  paths0 = paths(base as unknown as Json);
});
afterAll(() => {
  db.close();
  console.log(
    `backup fuzz: ${tally.cases} cases, ${tally.accepted} imported whole, ${tally.refused} refused whole with the field named`,
  );
});

test('a mutated backup is imported whole or refused whole with the field named; nothing else escapes', async () => {
  let settings: Settings = base.settings;
  const store: SettingsAccess = {
    load: async () => settings,
    save: async (s) => {
      settings = s;
    },
  };
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          fc.tuple(fc.nat(), replacement).map(([i, value]) => ({ kind: 'value' as const, i, value })),
          fc.nat().map((i) => ({ kind: 'duplicateRow' as const, i })),
          textMutation,
        ),
        { minLength: 1, maxLength: 3 },
      ),
      fc.constantFrom('replace', 'merge') as fc.Arbitrary<'replace' | 'merge'>,
      async (mutations, mode) => {
        tally.cases++;
        let doc = structuredClone(base) as unknown as Json;
        const textEdits: TextMutation[] = [];
        for (const m of mutations) {
          if (m.kind === 'value') doc = setAt(doc, paths0[m.i % paths0.length]!, built(m.value));
          else if (m.kind === 'duplicateRow') {
            const store = (['accounts', 'scans', 'sessions', 'logins', 'warnings'] as const)[m.i % 5]!;
            const rows = (doc as Record<string, Json>)[store];
            if (Array.isArray(rows) && rows.length) doc = setAt(doc, [store], [...rows, rows[m.i % rows.length]!]);
          } else textEdits.push(m);
        }
        let text = withNesting(JSON.stringify(doc));
        for (const edit of textEdits) text = edit.apply(text);
        const before = await readAllRows(db);
        const settingsBefore = settings;
        try {
          await importBackup(db, text, store, mode);
          tally.accepted++;
          // Whole: what is stored now exports and reads back as a valid backup.
          const again = await exportBackup(db, settings, 1, '0.1.0');
          expect(readSettings(again.settings).quarantined).toEqual([]);
          // Reset for the next case.
          await importBackup(db, JSON.stringify(base), store, 'replace');
        } catch (err) {
          tally.refused++;
          expect(err).toBeInstanceOf(LocalisedError);
          const message = (err as Error).message;
          expect(NAMES_A_FIELD.test(message) || WHOLE_FILE.test(message), message).toBe(true);
          // Refused whole: nothing half-applied.
          expect(await readAllRows(db)).toEqual(before);
          expect(settings).toBe(settingsBefore);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    ),
    { numRuns: RUNS },
  );
});

test('mutated stored settings: read item by item, never throwing; every item kept or set aside with its field', () => {
  const valid: Settings = {
    ...defaultSettings(),
    trustedDevices: [
      { id: 'mac', name: 'Mac', browser: 'Chrome', os: 'macOS', createdAt: 1 },
      { id: 'phone', name: 'iPhone', deviceType: 'phone', ipRanges: ['203.0.113.0/24'], createdAt: 2 },
    ],
    schedules: [
      {
        id: 's',
        name: 'Work',
        timeZone: 'Europe/London',
        windows: [{ days: [1, 2], startMinute: 540, endMinute: 1020 }],
      },
    ],
    blocklist: ['198.51.100.1', '198.51.100.2'],
    customSites: [{ id: 'custom:x', name: 'X', pattern: 'https://exchange.example/security*', createdAt: 1 }],
  };
  const settingsPaths = paths(valid as unknown as Json);
  let cases = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 3 }), (mutations) => {
      cases++;
      let doc = structuredClone(valid) as unknown as Json;
      for (const [i, value] of mutations) doc = setAt(doc, settingsPaths[i % settingsPaths.length]!, built(value));
      const raw = JSON.parse(withNesting(JSON.stringify(doc)));
      const { settings, quarantined } = readSettings(raw);
      for (const list of ['trustedDevices', 'schedules', 'blocklist', 'customSites'] as const) {
        const stored = raw && typeof raw === 'object' ? raw[list] : undefined;
        if (!Array.isArray(stored)) continue;
        const setAside = quarantined.filter((q) => q.field === list).length;
        // Nothing lost: every stored element is either kept or set aside.
        expect(settings[list].length + setAside).toBe(stored.length);
      }
      for (const q of quarantined) expect(q.why.startsWith(q.field) || q.why.startsWith('(root)'), q.why).toBe(true);
    }),
    { numRuns: RUNS * 4 },
  );
  console.log(`settings fuzz: ${cases} cases`);
});
