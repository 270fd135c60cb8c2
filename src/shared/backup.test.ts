import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { backupJsonSchemaText, formatPath, parseBackup } from './backup';

describe('docs/export.schema.json', () => {
  test('is the JSON Schema of the current backup schema (run `npm run gen-schema` or the build when this fails)', () => {
    const committed = readFileSync(new URL('../../docs/export.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(backupJsonSchemaText());
  });

  test('names every store and setting the backup holds', () => {
    const schema = JSON.parse(backupJsonSchemaText());
    expect(schema.required).toEqual(
      expect.arrayContaining(['accounts', 'scans', 'sessions', 'logins', 'warnings', 'settings']),
    );
    expect(Object.keys(schema.properties.settings.properties)).toEqual(
      expect.arrayContaining([
        'trustedDevices',
        'schedules',
        'blocklist',
        'thresholds',
        'customSites',
        'retentionDays',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('paths in error messages', () => {
  test.each([
    [['sessions', 3, 'ip'], 'sessions[3].ip'],
    [['settings', 'thresholds', 'maxActiveSessions'], 'settings.thresholds.maxActiveSessions'],
    [['scans', 0, 'newSessionKeys', 2], 'scans[0].newSessionKeys[2]'],
    [[], '(root)'],
  ])('%j → %s', (path, text) => expect(formatPath(path)).toBe(text));

  test.each([
    ['[]', '(root): expected object'],
    ['null', '(root): expected object'],
    ['{"format":"session-watchdog-backup","version":1}', 'exportedAt: expected number'],
  ])('%s', (text, error) => expect(parseBackup(text)).toEqual({ ok: false, error: expect.stringContaining(error) }));
});
