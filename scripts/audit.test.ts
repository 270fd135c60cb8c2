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
  test('prints the stranger on a datacenter address abroad as one incident in JSON, and nothing about the user’s own PC', async () => {
    const { stdout, code } = await cli(file);
    expect(code).toBe(0);
    const warnings = JSON.parse(stdout) as AuditWarning[];
    expect(
      warnings.every((w) => Object.keys(w).join() === 'rule,severity,account,subject,reason,evidence,reasons'),
    ).toBe(true);
    // One intruder, one incident: the hosting address leads, the unknown device is its second reason.
    const stranger = warnings.filter((w) => w.evidence.address === STRANGER.ip);
    expect(stranger).toHaveLength(1);
    expect(stranger[0]).toMatchObject({
      rule: 'hosting-ip',
      severity: 'high',
      account: 'binance:UID 1001',
      subject: expect.stringContaining(STRANGER.ip),
      reason: expect.stringMatching(/52\.95\.110\.1, an address of Amazon AWS/),
      evidence: {
        address: STRANGER.ip,
        device: expect.stringContaining('Firefox'),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
      },
    });
    expect(stranger[0]?.reasons.map((r) => r.rule)).toEqual(['hosting-ip', 'unknown-device']);
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
    // The user dismissed the stranger's incident in the extension (stored under its first reason's id).
    const incident = (await auditBackup(JSON.stringify(copy))).find((w) => w.evidence.address === STRANGER.ip);
    for (const w of copy.warnings) if (w.subject === incident?.subject) w.state = 'dismissed';
    const text = JSON.stringify(copy);
    expect((await auditBackup(text)).map((w) => w.subject)).toContain(incident?.subject);
    expect((await auditBackup(text, { isOpenOnly: true })).map((w) => w.subject)).not.toContain(incident?.subject);
  });

  test('trusting the stranger’s device words quiets the unknown device, never the rented server it is on', async () => {
    const copy = structuredClone(backup);
    copy.settings.trustedDevices.push({ id: 'x', name: 'Server', browser: 'Firefox', os: 'Linux', createdAt: 0 });
    const found = await auditBackup(JSON.stringify(copy));
    const reasons = found.flatMap((w) => w.reasons.map((r) => r.rule));
    expect(reasons).not.toContain('unknown-device');
    // The device words are copyable; a server the identity never used is what a replayed session looks like.
    expect(found.find((w) => w.evidence.address === STRANGER.ip)).toMatchObject({
      rule: 'hosting-ip',
      severity: 'high',
    });
  });

  test('times are printed in the backup’s time zone, or in --tz', async () => {
    const copy = structuredClone(backup);
    copy.timeZone = 'Asia/Tokyo';
    const inTokyo = (await auditBackup(JSON.stringify(copy))).find((w) => w.evidence.address === STRANGER.ip);
    const inLondon = (await auditBackup(JSON.stringify(copy), { timeZone: 'Europe/London' })).find(
      (w) => w.evidence.address === STRANGER.ip,
    );
    const [d, t] = [inTokyo?.evidence.time, inLondon?.evidence.time];
    expect(d).toBeDefined();
    expect(t).toBeDefined();
    // Tokyo is 8 or 9 hours ahead of London.
    const hours = (Date.parse(`${d?.replace(' ', 'T')}Z`) - Date.parse(`${t?.replace(' ', 'T')}Z`)) / 3_600_000;
    expect([8, 9]).toContain(hours);
    await expect(auditBackup(JSON.stringify(copy), { timeZone: 'Mars/Olympus' })).rejects.toThrow(/time zone/);
  });

  test('the stranger’s session found new by the last scan is marked new, as the popup showed it', async () => {
    const found = await auditBackup(JSON.stringify(backup));
    const last = [...backup.scans].sort((a, b) => b.at - a.at).find((s) => s.accountId === 'binance:UID 1001');
    const stranger = found.find((w) => w.evidence.address === STRANGER.ip);
    const session = backup.sessions.find((s) => s.ip === STRANGER.ip);
    expect(stranger?.evidence.isNew ?? false).toBe(Boolean(session && last?.newSessionKeys.includes(session.key)));
  });

  test('the table never passes terminal escapes through', () => {
    const table = formatTable([
      {
        rule: 'r',
        severity: 'high',
        account: 'a\u001b[2J\u001b]0;pwned\u0007',
        subject: 's\r\n',
        reason: 'x\u009b31m',
        evidence: {},
        reasons: [],
      },
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
