/**
 * "Save a report": one self-contained HTML file for an exchange's support desk, made from stored rows alone.
 * Pure: no browser API, no network. Every string that came from a page (device, address, place, hint, reason) is
 * escaped, and the file's own Content-Security-Policy forbids it to load anything, so it prints to PDF as it is.
 */
import type { StoredLogin, StoredSession, StoredWarning } from './types';

/** The report's words in the reader's language; `{1}` is filled where a label takes a value. */
export interface ReportLabels {
  title: string;
  intro: string;
  account: string;
  site: string;
  accountId: string;
  generated: string;
  reasons: string;
  sessions: string;
  signIns: string;
  actions: string;
  timeUtc: string;
  timeLocal: string;
  address: string;
  provider: string;
  place: string;
  device: string;
  outcome: string;
  firstSeen: string;
  lastActive: string;
  action: string;
  none: string;
  succeeded: string;
  failed: string;
  footer: string;
  /** The API keys and withdrawal addresses tables (shown when the account's pages showed such a list). */
  apiKeys: string;
  whitelist: string;
  label: string;
  maskedForm: string;
  permissions: string;
  network: string;
  confirmation: string;
  confirmed: string;
  notConfirmed: string;
}

/** An API key or withdrawal address as the report lists it: masked, never the key or address itself. */
export interface ReportBackdoor {
  label?: string;
  masked?: string;
  /** A key's permissions, or an address's coin and network. */
  detail?: string;
  isConfirmed: boolean;
}

export interface ReportAction {
  at: number;
  /** What the user did, already in the reader's language. */
  text: string;
}

export interface ReportInput {
  generatedAt: number;
  /** BCP 47 tag of the reader's language; `dir` follows it. */
  language: string;
  isRtl: boolean;
  /** The reader's IANA zone, for the local times beside UTC. */
  timeZone: string;
  siteName: string;
  accountHint: string;
  accountId: string;
  /** The incident's warnings: their reasons head the report. */
  warnings: Pick<StoredWarning, 'reason' | 'severity' | 'evidence'>[];
  sessions: StoredSession[];
  logins: StoredLogin[];
  actions: ReportAction[];
  /** The keys and withdrawal addresses the account's pages show (absent: its pages never showed such a list). */
  apiKeys?: ReportBackdoor[];
  whitelist?: ReportBackdoor[];
  /** An address's provider (hosting table or a warning's evidence), when known. */
  providerOf: (ip: string) => string | undefined;
  labels: ReportLabels;
}

/** Caps, so a hostile page's history cannot make a report of gigabytes. */
export const MAX_REPORT_ROWS = 2000;
const MAX_FIELD = 500;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: markup characters become entities, controls and bidi overrides go. */
export function escapeHtml(text: string): string {
  return (
    text
      .slice(0, MAX_FIELD)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
  );
}

const fill = (template: string, value: string) => template.replace('{1}', value);

function utc(t: number | undefined): string {
  if (t === undefined) return '—';
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function local(t: number | undefined, language: string, timeZone: string): string {
  if (t === undefined) return '—';
  try {
    return new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // A support desk compares times: 24-hour, never "12:04 AM".
      hourCycle: 'h23',
      timeZone,
      timeZoneName: 'short',
    }).format(t);
  } catch {
    return utc(t);
  }
}

function table(caption: string, headers: string[], rows: string[][], none: string, testId: string): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${headers.length}">${escapeHtml(none)}</td></tr>`;
  return `<table data-table="${testId}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Keys or addresses, the unconfirmed first; nothing when the account's pages never showed the list. */
function backdoorTable(
  caption: string,
  detail: string,
  items: ReportBackdoor[] | undefined,
  L: ReportLabels,
  testId: string,
): string {
  if (!items) return '';
  const rows = [...items]
    .sort((a, b) => Number(a.isConfirmed) - Number(b.isConfirmed))
    .slice(0, MAX_REPORT_ROWS)
    .map((x) => [x.label || '—', x.masked || '—', x.detail || '—', x.isConfirmed ? L.confirmed : L.notConfirmed]);
  return table(caption, [L.label, L.maskedForm, detail, L.confirmation], rows, L.none, testId);
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
caption{text-align:start;font-weight:600;padding:.25rem 0}th,td{border:1px solid #999;padding:.25rem .4rem;
text-align:start;vertical-align:top;word-break:break-word}th{background:#eee}dl{display:grid;
grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}ul{padding-inline-start:1.2rem}
.muted{color:#555;font-size:.9em}@media print{body{margin:0}tr{break-inside:avoid}}`;

/** The report as one HTML document. */
export function buildSupportReport(input: ReportInput): string {
  const L = input.labels;
  const { language, timeZone } = input;
  const when = (t: number | undefined) => [utc(t), local(t, language, timeZone)];
  const provider = (ip: string | undefined) => (ip ? (input.providerOf(ip) ?? '—') : '—');
  const sessions = [...input.sessions]
    .sort((a, b) => (a.firstSeen ?? a.firstObservedAt) - (b.firstSeen ?? b.firstObservedAt))
    .slice(0, MAX_REPORT_ROWS);
  const logins = [...input.logins].sort((a, b) => (a.time ?? 0) - (b.time ?? 0)).slice(0, MAX_REPORT_ROWS);
  const actions = [...input.actions].sort((a, b) => a.at - b.at).slice(0, MAX_REPORT_ROWS);

  const sessionRows = sessions.map((s) => [
    ...when(s.firstSeen ?? s.firstObservedAt),
    ...when(s.lastActive ?? s.lastObservedAt),
    s.ip ?? '—',
    provider(s.ip),
    s.location ?? '—',
    s.device || '—',
  ]);
  const loginRows = logins.map((l) => [
    ...when(l.time),
    l.ip ?? '—',
    provider(l.ip),
    l.location ?? '—',
    l.device || '—',
    l.outcome === 'failed' ? L.failed : l.outcome === 'success' ? L.succeeded : '—',
  ]);
  const actionRows = actions.map((a) => [...when(a.at), a.text]);
  const reasons = input.warnings.slice(0, 200).map((w) => `<li>${escapeHtml(w.reason)}</li>`);

  return `<!doctype html>
<html lang="${escapeHtml(language)}" dir="${input.isRtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fill(L.title, `${input.siteName} ${input.accountHint}`))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(fill(L.title, `${input.siteName} ${input.accountHint}`))}</h1>
<p>${escapeHtml(L.intro)}</p>
<section aria-label="${escapeHtml(L.account)}"><dl data-table="account">
<dt>${escapeHtml(L.site)}</dt><dd>${escapeHtml(input.siteName)}</dd>
<dt>${escapeHtml(L.account)}</dt><dd>${escapeHtml(input.accountHint)}</dd>
<dt>${escapeHtml(L.accountId)}</dt><dd>${escapeHtml(input.accountId)}</dd>
<dt>${escapeHtml(L.generated)}</dt><dd>${escapeHtml(when(input.generatedAt).join(' · '))}</dd>
</dl></section>
<h2>${escapeHtml(L.reasons)}</h2>
${reasons.length ? `<ul data-table="reasons">${reasons.join('')}</ul>` : `<p>${escapeHtml(L.none)}</p>`}
${table(
  L.sessions,
  [
    `${L.firstSeen} (${L.timeUtc})`,
    `${L.firstSeen} (${L.timeLocal})`,
    `${L.lastActive} (${L.timeUtc})`,
    `${L.lastActive} (${L.timeLocal})`,
    L.address,
    L.provider,
    L.place,
    L.device,
  ],
  sessionRows,
  L.none,
  'sessions',
)}
${table(
  L.signIns,
  [L.timeUtc, L.timeLocal, L.address, L.provider, L.place, L.device, L.outcome],
  loginRows,
  L.none,
  'sign-ins',
)}
${backdoorTable(L.apiKeys, L.permissions, input.apiKeys, L, 'api-keys')}
${backdoorTable(L.whitelist, L.network, input.whitelist, L, 'whitelist')}
${table(L.actions, [L.timeUtc, L.timeLocal, L.action], actionRows, L.none, 'actions')}
<p class="muted">${escapeHtml(L.footer)}</p>
</body>
</html>
`;
}

/** A file name for the report: the site, the account's hint reduced to safe characters, and the UTC date. */
export function reportFileName(siteName: string, accountHint: string, at: number): string {
  const safe = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40);
  const parts = [safe(siteName), safe(accountHint)].filter(Boolean);
  return `session-watchdog-report-${parts.join('-') || 'account'}-${new Date(at).toISOString().slice(0, 10)}.html`;
}

/** What the intruder touched: the sessions and sign-ins an incident's warnings name, by session key or address. */
export function intruderRows(
  warnings: Pick<StoredWarning, 'subject' | 'evidence'>[],
  sessions: StoredSession[],
  logins: StoredLogin[],
): { sessions: StoredSession[]; logins: StoredLogin[] } {
  const keys = new Set(warnings.map((w) => w.subject));
  const ips = new Set<string>();
  for (const w of warnings) {
    if (typeof w.evidence.ip === 'string' && w.evidence.ip) ips.add(w.evidence.ip);
  }
  const chosen = sessions.filter((s) => keys.has(s.key) || (s.ip !== undefined && ips.has(s.ip)));
  for (const s of chosen) if (s.ip) ips.add(s.ip);
  return { sessions: chosen, logins: logins.filter((l) => l.ip !== undefined && ips.has(l.ip)) };
}
