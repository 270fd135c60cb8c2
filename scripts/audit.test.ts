import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { realisticBackup, STRANGER } from '../src/background/backup-test-helpers';
import { openDatabase } from '../src/background/db';
import type { Backup } from '../src/shared/backup';
import { type AuditWarning, auditBackup, formatTable } from './audit';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'audit-'));
let backup: Backup;
let file: string;

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(join('node_modules', '.bin', 'tsx'), ['scripts/audit.ts', ...args], {
      timeout: 60_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  // The file is what the extension's export writes, from a month of scans recorded by the worker's own code.
  backup = await realisticBackup(await openDatabase('audit-scenario'));
  file = join(dir, 'backup.json');
  writeFileSync(file, JSON.stringify(backup, null, 2));
});

describe('npm run audit', () => {
  test('prints the stranger on a datacenter address abroad as JSON, and nothing about the user’s own PC', async () => {
    const { stdout, code } = await cli(file);
    expect(code).toBe(0);
    const warnings = JSON.parse(stdout) as AuditWarning[];
    expect(warnings.every((w) => Object.keys(w).join() === 'rule,severity,account,subject,reason')).toBe(true);
    expect(warnings).toContainEqual({
      rule: 'hosting-ip',
      severity: 'high',
      account: 'binance:UID 1001',
      subject: expect.stringContaining(STRANGER.ip),
      reason: expect.stringMatching(/52\.95\.110\.1, an address of Amazon AWS/),
    });
    expect(warnings).toContainEqual(
      expect.objectContaining({ rule: 'unknown-device', severity: 'high', reason: expect.stringContaining('Firefox') }),
    );
    expect(warnings.filter((w) => /Chrome/.test(w.reason))).toEqual([]);
    expect(warnings.filter((w) => w.account.startsWith('kraken'))).toEqual([]);
    // One object per line.
    expect(stdout.split('\n').filter((l) => l.startsWith('  {'))).toHaveLength(warnings.length);
  }, 60_000);

  test('--table prints the same warnings as a table', async () => {
    const { stdout, code } = await cli(file, '--table');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+ACCOUNT\s+SUBJECT\s+REASON$/);
    expect(lines.some((l) => /^high\s+hosting-ip\s+binance:UID 1001\s.*Amazon AWS/.test(l))).toBe(true);
  }, 60_000);

  test('a broken file is refused with the path of the bad field and exit code 2', async () => {
    const bad = structuredClone(backup) as unknown as { sessions: { ip: unknown }[] };
    bad.sessions[0]!.ip = ['1.2.3.4'];
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const { stderr, code } = await cli(badFile);
    expect(code).toBe(2);
    expect(stderr).toBe('audit: sessions[0].ip: expected string\n');
  }, 60_000);
});

describe('auditBackup', () => {
  test('a warning the user dismissed still shows, unless --open', async () => {
    const copy = structuredClone(backup);
    for (const w of copy.warnings) if (w.rule === 'unknown-device') w.state = 'dismissed';
    const text = JSON.stringify(copy);
    expect((await auditBackup(text)).map((w) => w.rule)).toContain('unknown-device');
    expect((await auditBackup(text, { isOpenOnly: true })).map((w) => w.rule)).not.toContain('unknown-device');
  });

  test('trusting the stranger’s device in the backup’s settings quiets the device warnings', async () => {
    const copy = structuredClone(backup);
    copy.settings.trustedDevices.push({ id: 'x', name: 'Server', browser: 'Firefox', os: 'Linux', createdAt: 0 });
    const rules = (await auditBackup(JSON.stringify(copy))).map((w) => w.rule);
    expect(rules).not.toContain('unknown-device');
    expect(rules).not.toContain('hosting-ip');
  });

  test('the table never passes terminal escapes through', () => {
    const table = formatTable([
      {
        rule: 'r',
        severity: 'high',
        account: 'a\u001b[2J\u001b]0;pwned\u0007',
        subject: 's\r\n',
        reason: 'x\u009b31m',
      },
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
