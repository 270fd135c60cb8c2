import { bySeverity } from '../core/evaluate';
import { siteById, siteForUrl } from '../core/sites';
import {
  type AccountView,
  classifySender,
  contract,
  isMessageName,
  type MessageName,
  type RequestOf,
  type ResponseOf,
  type Result,
  type SenderInfo,
  type SenderKind,
} from '../shared/contract';
import type { Settings } from '../shared/settings';
import { allAccounts, type Db, getWarning, putWarnings, sessionsOf, warningsOf } from './db';
import { badgeCount, recordScan } from './scan-service';

/** What handlers may do besides the database: injected so handlers run in tests without a browser. */
export interface Services {
  db: () => Promise<Db>;
  settings: () => Promise<Settings>;
  now: () => number;
  openTab: (url: string) => Promise<void>;
  refreshBadge: () => Promise<void>;
  onRaised: (raised: { siteName: string; reason: string }[]) => Promise<void>;
  identity: { id: string; origin: string };
}

type Handler<K extends MessageName> = (
  req: ResponseOf<K> extends never ? never : RequestOf<K>,
  sender: SenderKind,
  s: Services,
) => Promise<ResponseOf<K>>;

const MAX_SESSIONS_IN_VIEW = 200;
const MAX_WARNINGS_IN_VIEW = 200;

const handlers: { [K in MessageName]: Handler<K> } = {
  async recordScan(req, sender, s) {
    if (sender.kind !== 'content') throw new Error('recordScan comes from a content script');
    // The site is decided by the tab the message came from, never by what the page claims.
    const site = siteForUrl(sender.url);
    if (!site) throw new Error('This page is not a registered security page');
    const settings = await s.settings();
    if (settings.disabledSites.includes(site.id)) throw new Error(`${site.name} is switched off`);
    const result = await recordScan(await s.db(), site.id, req.scan, settings, s.now());
    await s.refreshBadge();
    const high = result.raised.filter((w) => w.severity === 'high');
    if (high.length) await s.onRaised(high.map((w) => ({ siteName: site.name, reason: w.reason })));
    return {
      accountId: result.accountId,
      newSessions: result.newSessions,
      goneSessions: result.goneSessions,
      openWarnings: result.openWarnings,
    };
  },

  async getOverview(_req, _sender, s) {
    const db = await s.db();
    const accounts: AccountView[] = [];
    for (const account of await allAccounts(db)) {
      const site = siteById(account.siteId);
      const [sessions, warnings] = await Promise.all([sessionsOf(db, account.id), warningsOf(db, account.id)]);
      const visible = warnings.filter((w) => w.state === 'open').sort(bySeverity);
      accounts.push({
        account,
        siteName: site?.name ?? account.siteId,
        devicesUrl: site?.links.devices ?? '',
        sessions: sessions
          .sort(
            (a, b) =>
              Number(a.goneAt !== undefined) - Number(b.goneAt !== undefined) ||
              Number(b.isCurrent) - Number(a.isCurrent) ||
              (b.lastActive ?? 0) - (a.lastActive ?? 0),
          )
          .slice(0, MAX_SESSIONS_IN_VIEW),
        warnings: visible.slice(0, MAX_WARNINGS_IN_VIEW),
        openWarningCount: visible.length,
      });
    }
    accounts.sort((a, b) => b.openWarningCount - a.openWarningCount || b.account.lastScanAt - a.account.lastScanAt);
    return { accounts, badgeCount: await badgeCount(db) };
  },

  async setWarningState(req, _sender, s) {
    const db = await s.db();
    const w = await getWarning(db, req.id);
    if (!w) throw new Error('No such warning');
    await putWarnings(db, [{ ...w, state: req.state, stateChangedAt: s.now() }]);
    await s.refreshBadge();
    return {};
  },

  async openDevicesPage(req, _sender, s) {
    const db = await s.db();
    const account = (await allAccounts(db)).find((a) => a.id === req.accountId);
    const site = account && siteById(account.siteId);
    if (!site) throw new Error('Unknown account');
    await s.openTab(site.links.devices);
    return { url: site.links.devices };
  },
};

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Sender check, then schema check, then the handler; every failure becomes `{ ok: false }`. */
export async function handleMessage(message: unknown, senderInfo: SenderInfo, s: Services): Promise<Result<unknown>> {
  const sender = classifySender(senderInfo, s.identity.id, s.identity.origin);
  if (!sender) return { ok: false, error: 'Unknown sender' };
  if (typeof message !== 'object' || message === null) return { ok: false, error: 'Malformed message' };
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (!isMessageName(type)) return { ok: false, error: 'Unknown message' };
  const spec = contract[type];
  if (spec.from !== sender.kind) return { ok: false, error: `${type} is not accepted from this sender` };
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `Invalid ${type}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  try {
    const handler = handlers[type] as Handler<typeof type>;
    const value = await handler(parsed.data as never, sender, s);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  }
}
