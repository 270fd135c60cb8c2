/**
 * Test support: a page copy (src/core/extract/snapshot.ts) that shows a scan's sessions and sign-ins as a site's
 * plain tables, so handler tests reach the worker the way the content script does (recordPage) and the worker's
 * extractor reads the scan back. page-of-scan.test.ts holds that the reading is the scan.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type SnapElement, type SnapNode, snapshotDom } from '../core/extract/snapshot';
import type { ExtractedLogin, ExtractedScan, ExtractedSession } from '../core/types';

const el = (tag: string, ...children: SnapNode[]): SnapElement => [tag, 0, ...children];

function when(ms: number | undefined): string {
  if (ms === undefined) return '';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function table(heading: string, head: string[], rows: SnapNode[][]): SnapElement[] {
  return [
    el('h2', heading),
    el(
      'table',
      el('thead', el('tr', ...head.map((h) => el('th', h)))),
      el('tbody', ...rows.map((cells) => el('tr', ...cells.map((c) => el('td', c))))),
    ),
  ];
}

function sessionRows(sessions: ExtractedSession[]): SnapNode[][] {
  return sessions.map((s) => [
    s.isCurrent ? el('div', el('div', s.device), el('span', 'Current device')) : s.device,
    s.ip ?? '',
    s.location ?? '',
    when(s.lastActive),
  ]);
}

function loginRows(logins: ExtractedLogin[]): SnapNode[][] {
  return logins.map((l) => [
    when(l.time),
    l.device,
    l.ip ?? '',
    l.location ?? '',
    l.outcome === 'failed' ? 'Failed' : 'Success',
  ]);
}

/** The page: the account's hint ("UID: …"), then its session list and sign-in list when the scan has them. */
export function pageOfScan(
  scan: Pick<ExtractedScan, 'accountHint' | 'hasSessionList' | 'hasLoginList' | 'sessions' | 'logins'>,
): SnapElement {
  const body: SnapNode[] = [];
  if (scan.accountHint !== undefined) body.push(el('p', `UID: ${scan.accountHint}`));
  if (scan.hasSessionList)
    body.push(
      ...table('Device Management', ['Device', 'IP Address', 'Location', 'Last Active'], sessionRows(scan.sessions)),
    );
  if (scan.hasLoginList)
    body.push(
      ...table('Login History', ['Date', 'Device', 'IP Address', 'Location', 'Status'], loginRows(scan.logins)),
    );
  return ['#document', 0, ['html', ['lang', 'en'], el('body', ...body)]];
}

let visits = 0;

/**
 * The recordPage message a content script sends for a page showing `scan`: a new visit each time unless `visit` is
 * given (the worker does not store a visit's unchanged reading twice).
 */
export function recordPageOf(scan: ExtractedScan, visit = `visit-${++visits}`) {
  return { type: 'recordPage' as const, payload: { url: scan.url, visit, snapshot: pageOfScan(scan) } };
}

const FIXTURES = join(import.meta.dirname, '..', '..', 'e2e', 'fixtures');
// jsdom ships no types; the helper needs its document only (a test file's environment stays node).
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { document: unknown } };
};

/**
 * A saved page of e2e/fixtures as its content script sends it, with the reading its `.expected.json` holds (what
 * the worker's extractor must store) and the clock it is read at.
 */
export function fixturePage(name: string, visit = `visit-${++visits}`) {
  const { now, url, expected } = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as {
    now: string;
    url: string;
    expected: ExtractedScan;
  };
  const { document } = new JSDOM(readFileSync(join(FIXTURES, `${name}.html`), 'utf8')).window;
  return {
    message: { type: 'recordPage' as const, payload: { url, visit, snapshot: snapshotDom(document) } },
    expected,
    now: Date.parse(now),
  };
}
