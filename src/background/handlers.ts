import { bySeverity, countsOnBadge } from '../core/evaluate';
import {
  allSites,
  type CustomSite,
  customSiteDefinition,
  customSiteId,
  type SiteDefinition,
  siteById,
  siteForUrl,
} from '../core/sites';
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
import { allAccounts, allSummaries, type Db, getWarning, putWarnings, storageProblem } from './db';
import { recordScan } from './scan-service';

/** What handlers may do besides the database: injected so handlers run in tests without a browser. */
export interface Services {
  db: () => Promise<Db>;
  settings: () => Promise<Settings>;
  now: () => number;
  openTab: (url: string) => Promise<void>;
  refreshBadge: () => Promise<void>;
  onRaised: (raised: { siteName: string; reason: string }[]) => Promise<void>;
  identity: { id: string; origin: string };
  /** Tabs, scripting and permissions for guided log-out, custom sites and "scan this page". */
  sites?: SiteServices;
}

/** A tab the worker opened to a log-out page: its content script highlights the button there. */
export interface Guidance {
  url: string;
  siteName: string;
  at: number;
}

export interface SiteServices {
  /** Opens a tab and answers its id. */
  openTab: (url: string) => Promise<number | undefined>;
  remember: (tabId: number, guidance: Guidance) => Promise<void>;
  recall: (tabId: number) => Promise<Guidance | undefined>;
  forget: (tabId: number) => Promise<void>;
  /** Registers the content script for each custom site whose host is granted, unregisters the rest; answers ids. */
  syncContentScripts: (sites: CustomSite[]) => Promise<string[]>;
  activeTab: () => Promise<{ id: number; url?: string } | undefined>;
  injectContentScript: (tabId: number) => Promise<void>;
}

const GUIDANCE_TTL_MS = 10 * 60_000;
const ONE_SHOT_TTL_MS = 60_000;

/** Tabs the user asked to read once from the popup (tab id → when): their next scan is accepted unregistered. */
const oneShots = new Map<number, number>();

function sitesOf(settings: Settings): SiteDefinition[] {
  return allSites(settings.customSites);
}

/** A site by id, including a page read once (`custom:<host>`) that was never registered. */
function siteOf(id: string, settings: Settings): SiteDefinition | undefined {
  const site = siteById(id, sitesOf(settings));
  if (site || !id.startsWith('custom:')) return site;
  const host = id.slice('custom:'.length);
  return customSiteDefinition({ id, name: host, pattern: `https://${host}/*`, createdAt: 0 });
}

function suggestedPattern(rawUrl: string): string {
  const url = new URL(rawUrl);
  return `https://${url.hostname}${url.pathname.replace(/\/[^/]*$/, '/')}*`;
}

function requireSites(s: Services): SiteServices {
  if (!s.sites) throw new Error('Not available here');
  return s.sites;
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
    const settings = await s.settings();
    const askedAt = oneShots.get(sender.tabId);
    const isOneShot = askedAt !== undefined && s.now() - askedAt < ONE_SHOT_TTL_MS;
    const site =
      siteForUrl(sender.url, sitesOf(settings)) ??
      (isOneShot ? siteOf(customSiteId(new URL(sender.url).hostname), settings) : undefined);
    if (!site) throw new Error('This page is not a registered security page');
    if (settings.disabledSites.includes(site.id)) throw new Error(`${site.name} is switched off`);
    const result = await recordScan(await s.db(), site.id, req.scan, settings, s.now());
    await s.refreshBadge();
    oneShots.delete(sender.tabId);
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
    const settings = await s.settings();
    // One record per account (live and recently gone sessions, warnings not resolved): no history is read.
    const [all, summaries, problem] = await Promise.all([allAccounts(db), allSummaries(db), storageProblem(db)]);
    const summaryOf = new Map(summaries.map((x) => [x.accountId, x]));
    const accounts: AccountView[] = [];
    let badge = 0;
    for (const account of all) {
      const site = siteOf(account.siteId, settings);
      const summary = summaryOf.get(account.id);
      const sessions = summary?.sessions ?? [];
      const warnings = summary?.warnings ?? [];
      badge += warnings.filter(countsOnBadge).length;
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
    return { accounts, badgeCount: badge, ...(problem ? { storageProblem: problem } : {}) };
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
    const site = account && siteOf(account.siteId, await s.settings());
    if (!site) throw new Error('Unknown account');
    const url = site.links.devices;
    if (!s.sites) {
      await s.openTab(url);
      return { url };
    }
    const tabId = await s.sites.openTab(url);
    if (tabId !== undefined) await s.sites.remember(tabId, { url, siteName: site.name, at: s.now() });
    return { url };
  },

  async getGuidance(_req, sender, s) {
    if (sender.kind !== 'content' || !s.sites) return { isGuided: false, siteName: '' };
    const guidance = await s.sites.recall(sender.tabId);
    if (!guidance) return { isGuided: false, siteName: '' };
    if (s.now() - guidance.at > GUIDANCE_TTL_MS) {
      await s.sites.forget(sender.tabId);
      return { isGuided: false, siteName: '' };
    }
    // Sites redirect to a login page first: only the page that was opened is guided, and only once.
    const opened = new URL(guidance.url);
    const here = new URL(sender.url);
    if (opened.origin !== here.origin || opened.pathname !== here.pathname) return { isGuided: false, siteName: '' };
    await s.sites.forget(sender.tabId);
    return { isGuided: true, siteName: guidance.siteName };
  },

  async syncCustomSites(_req, _sender, s) {
    const settings = await s.settings();
    return { registered: await requireSites(s).syncContentScripts(settings.customSites) };
  },

  async scanActiveTab(req, _sender, s) {
    const sites = requireSites(s);
    const tab = req.tabId !== undefined ? { id: req.tabId, url: undefined } : await sites.activeTab();
    if (!tab) throw new Error('No active tab');
    if (tab.url && !/^https:\/\//.test(tab.url)) throw new Error('Only https pages can be read');
    const settings = await s.settings();
    const known = tab.url ? siteForUrl(tab.url, sitesOf(settings)) : undefined;
    const url = tab.url ?? '';
    const pattern = url ? suggestedPattern(url) : '';
    if (known) return { url, siteName: known.name, isRegistered: true, isInjected: false, suggestedPattern: pattern };
    // The scan comes back as a recordScan from that tab; the worker answers messages one at a time, so this
    // handler cannot wait for it: the popup watches the overview instead.
    oneShots.set(tab.id, s.now());
    await sites.injectContentScript(tab.id);
    return { url, isRegistered: false, isInjected: true, suggestedPattern: pattern };
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
