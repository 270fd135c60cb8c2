import { checklistKeysFor } from '../core/checklist';
import { isChecklisted } from '../core/rules/backdoor-evidence';
import type { Account, StoredApiKey, StoredWhitelistEntry } from '../core/types';
import type { AccountView, RequestOf } from '../shared/contract';
import type { GuideRow } from '../shared/guide';
import type { Settings } from '../shared/settings';
import { allAccounts, type Db, readBackdoors } from './db';
import { type Services, siteOf } from './handlers';

/** What a key's or address's row shows: its label and the two ends of its masked form. */
export function backdoorRowTexts(x: Pick<StoredApiKey | StoredWhitelistEntry, 'label' | 'masked'>): string[] {
  const ends = (x.masked ?? '').split('…').filter((part) => part.length >= 2);
  return [...(x.label ? [x.label] : []), ...ends];
}

/**
 * "Delete this key" / "Remove this address": opens the site's API-management or whitelist page and remembers the
 * tab, so the guide outlines that row's own delete control there (the extension never clicks).
 */
export async function openBackdoorPage(req: RequestOf<'openDevicesPage'>, s: Services): Promise<{ url: string }> {
  const db = await s.db();
  const account = (await allAccounts(db)).find((a) => a.id === req.accountId);
  const settings = await s.settings();
  const site = account && siteOf(account.siteId, settings);
  if (!account || !site) throw new Error('Unknown account');
  const stored = await readBackdoors(db, account, account.id);
  const key = req.apiKeyId === undefined ? undefined : stored.apiKeys.find((k) => k.id === req.apiKeyId);
  const address = req.addressId === undefined ? undefined : stored.whitelist.find((w) => w.id === req.addressId);
  const found = key ?? address;
  if (!found) throw new Error(key === undefined && req.apiKeyId !== undefined ? 'No such API key' : 'No such address');
  const url = (key ? site.links.apiKeys : site.links.withdrawWhitelist) ?? site.links.devices;
  const texts = backdoorRowTexts(found);
  const row: GuideRow | undefined = texts.length ? { texts } : undefined;
  const tabId = await s.sites.openTab(url);
  if (tabId !== undefined)
    await s.sites.remember(tabId, { url, siteName: site.name, at: s.now(), ...(row ? { row } : {}) });
  return { url };
}

/**
 * The account's keys and addresses for the popup's emergency checklist: those its pages show now, the ones the
 * user has not confirmed ("I added it", or the checklist listing the key with its rights) first, newest first.
 * Accounts whose pages never showed a key list or whitelist are not read.
 */
export async function backdoorViewOf(
  db: Db,
  account: Account,
  settings: Settings,
): Promise<Pick<AccountView, 'backdoors'>> {
  if (!account.backdoorBaselines) return {};
  const stored = await readBackdoors(db, account, account.id);
  const listed = checklistKeysFor(settings.checklist, account);
  const order = (a: { isConfirmed: boolean; at: number }, b: { isConfirmed: boolean; at: number }) =>
    Number(a.isConfirmed) - Number(b.isConfirmed) || b.at - a.at;
  const apiKeys = stored.apiKeys
    .filter((k) => k.deletedAt === undefined)
    .map((k) => ({
      id: k.id,
      label: k.label,
      ...(k.masked ? { masked: k.masked } : {}),
      permissions: k.permissions,
      isConfirmed: k.confirmedAt !== undefined || isChecklisted(listed, k),
      at: k.firstSeenAt,
    }))
    .sort(order)
    .slice(0, 200)
    .map(({ at: _at, ...k }) => k);
  const whitelist = stored.whitelist
    .filter((w) => w.removedAt === undefined)
    .map((w) => {
      const network = [w.coin, w.network].filter(Boolean).join(' / ');
      return {
        id: w.id,
        ...(w.label ? { label: w.label } : {}),
        ...(w.masked ? { masked: w.masked } : {}),
        ...(network ? { network } : {}),
        isConfirmed: w.confirmedAt !== undefined,
        at: w.firstSeenAt,
      };
    })
    .sort(order)
    .slice(0, 200)
    .map(({ at: _at, ...w }) => w);
  return { backdoors: { apiKeys, whitelist } };
}
