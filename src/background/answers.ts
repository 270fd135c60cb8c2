import { trustFromRow } from '../core/trust-from-row';
import type { ReasonMessage, StoredWarning, TrustedDevice } from '../core/types';
import { type Answer, MAX_ANSWERS } from '../shared/answers';
import type { RequestOf, ResponseOf } from '../shared/contract';
import { confirmBackdoor, type Db, getWarning, putWarnings, readAccount, warningsOf } from './db';
import { getGeo } from './geo-data';
import type { Services } from './handlers';
import { reevaluateAll } from './scan-service';

const openCount = async (db: Db, accountId: string) =>
  (await warningsOf(db, accountId)).filter((w) => w.state === 'open').length;

/**
 * "This was me" on one warning: creates or widens a trusted device from the warning's row (browser, OS and device
 * type; the IP's /24 or /64), saves settings, judges again; the warning is resolved or acknowledged. Answers the
 * entry as it was before (null when created) so the answer can be undone.
 */
export async function trustWarning(db: Db, warning: StoredWarning, s: Services) {
  // The row the warning is about: a session or login keyed by its subject; else what its evidence names.
  const data = await readAccount(db, warning.accountId);
  const row =
    data.summary.sessions.find((x) => x.key === warning.subject) ?? data.logins.find((x) => x.key === warning.subject);
  const ev = warning.evidence;
  const device = row?.device ?? (typeof ev.device === 'string' ? ev.device : '');
  const ip = row?.ip ?? (typeof ev.ip === 'string' ? ev.ip : undefined);
  if (!device.trim() && !ip) {
    // An account-wide warning (too many sessions, a failed-login burst): nothing to trust, the user vouches for it.
    await putWarnings(db, [{ ...warning, state: 'acknowledged', stateChangedAt: s.now() }]);
    await s.refreshBadge();
    const open = (await warningsOf(db, warning.accountId)).filter((w) => w.state === 'open').length;
    return { change: 'acknowledged' as const, device: undefined, before: null, openWarnings: open };
  }
  const settings = await s.settings();
  // The provider and country the user vouches for: the warning's evidence names them, else the lookups do.
  const geo = await getGeo();
  const asn =
    typeof ev.asn === 'number' ? ev.asn : ip ? (geo.lookupNetwork?.(ip)?.asn ?? geo.lookupHosting(ip)?.asn) : undefined;
  const location = row?.location ?? (typeof ev.location === 'string' ? ev.location : undefined);
  const country =
    typeof ev.country === 'string' ? ev.country : location ? geo.resolvePlace(location).country : undefined;
  const outcome = trustFromRow(
    settings.trustedDevices,
    { accountId: warning.accountId, device, userAgent: row?.userAgent, ip, asn, country },
    s.now(),
    () => `trusted-${s.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  );
  const before = settings.trustedDevices.find((d) => d.id === outcome.device.id) ?? null;
  const next = { ...settings, trustedDevices: outcome.trustedDevices };
  await s.saveSettings(next);
  await reevaluateAll(db, next, s.now());
  const open = await openCount(db, warning.accountId);
  // Rules that are not about trust (impossible travel, a failed-login burst) still hold: the user said it was them.
  const after = await getWarning(db, warning.id);
  let stillOpen = open;
  if (after?.state === 'open') {
    await putWarnings(db, [{ ...after, state: 'acknowledged', stateChangedAt: s.now() }]);
    stillOpen--;
  }
  await s.refreshBadge();
  return {
    change: outcome.change,
    device: outcome.device,
    before,
    openWarnings: stillOpen,
    ...(outcome.notice ? { notice: trustNotice(outcome.notice, outcome.device) } : {}),
  };
}

/** What "This was me" trusted on a row whose address it could not: the device's words, in a country or anywhere. */
export function trustNotice(
  kind: 'masked' | 'no-address',
  t: TrustedDevice,
): { text: string; message: ReasonMessage & { args: string[] } } {
  const why = kind === 'masked' ? 'The page hid part of this address' : 'This row shows no address';
  const country = t.countries?.length === 1 ? t.countries[0] : undefined;
  const text = country
    ? `${why}, so "${t.name}" is trusted in ${country} on any network, not on one address range; its sign-ins from networks it never used are still judged.`
    : `${why}, so "${t.name}" is trusted on any network; its sign-ins from networks it never used are still judged.`;
  const key = `trustNotice_${kind === 'masked' ? 'masked' : 'noAddress'}${country ? 'Country' : ''}`;
  return { text, message: { key, args: [t.name, ...(country ? [country] : [])] } };
}

/** What an incident was about, for the "Dismissed and trusted" list: the device and address of its lead. */
function labelOf(w: StoredWarning): string {
  const { device, ip } = w.evidence;
  const parts = [typeof device === 'string' ? device : '', typeof ip === 'string' ? ip : ''].filter(Boolean);
  return (parts.join(' · ') || w.reason).slice(0, 600);
}

/** The keys and withdrawal addresses an incident's reasons are about (their evidence names their records). */
function backdoorsOf(warnings: StoredWarning[]): NonNullable<Answer['confirmed']> {
  const out = new Map<string, { store: 'apiKeys' | 'whitelist'; id: string }>();
  for (const w of warnings)
    for (const r of w.reasons ?? [w]) {
      const { apiKeyId, addressId } = r.evidence;
      if (typeof apiKeyId === 'string') out.set(`k${apiKeyId}`, { store: 'apiKeys', id: apiKeyId });
      if (typeof addressId === 'string') out.set(`a${addressId}`, { store: 'whitelist', id: addressId });
    }
  return [...out.values()].slice(0, 200);
}

/**
 * Dismiss or "This was me" on a whole incident (every warning about one intruder): the answer is applied to all
 * of them and recorded so it can be undone. "This was me" trusts the row of the first warning that names a
 * device or an address; the others are acknowledged.
 */
export async function answerIncident(
  req: RequestOf<'answerIncident'>,
  s: Services,
): Promise<ResponseOf<'answerIncident'>> {
  const store = s.answers;
  const db = await s.db();
  const warnings: StoredWarning[] = [];
  for (const id of new Set(req.warningIds)) {
    const w = await getWarning(db, id);
    if (!w) throw new Error('No such warning');
    warnings.push(w);
  }
  const accountId = warnings[0]?.accountId ?? '';
  if (warnings.some((w) => w.accountId !== accountId)) throw new Error('An incident belongs to one account');
  const lead = warnings.find((w) => typeof w.evidence.device === 'string' || typeof w.evidence.ip === 'string');
  const at = s.now();
  const answer: Answer = {
    id: `${at.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    at,
    accountId,
    kind: req.answer === 'dismissed' ? 'dismissed' : 'trusted',
    warningIds: warnings.map((w) => w.id),
    label: labelOf(lead ?? (warnings[0] as StoredWarning)),
  };
  let change: ResponseOf<'answerIncident'>['change'] = 'dismissed';
  let name = '';
  let notice: ResponseOf<'answerIncident'>['notice'];
  if (req.answer === 'dismissed') {
    await putWarnings(
      db,
      warnings.map((w) => ({ ...w, state: 'dismissed' as const, stateChangedAt: at })),
    );
  } else {
    // "I added it": the incident's keys and withdrawal addresses are the user's; judged again, their findings go.
    const confirmed = [];
    for (const c of backdoorsOf(warnings)) if (await confirmBackdoor(db, c.store, c.id, at)) confirmed.push(c);
    if (confirmed.length) answer.confirmed = confirmed;
    if (confirmed.length && !lead) {
      // Only keys and addresses, no sign-in to trust: judging again resolves what the user vouched for.
      await reevaluateAll(db, await s.settings(), at);
      change = 'acknowledged';
    } else {
      const r = await trustWarning(db, lead ?? (warnings[0] as StoredWarning), s);
      change = r.change;
      if ('notice' in r) notice = r.notice;
      if (r.device) {
        name = r.device.name;
        answer.trust = { deviceId: r.device.id, name: r.device.name, before: r.before };
      }
    }
    // The rest of the incident (a burst from its address, its datacenter network) is the user's too.
    const rest = [];
    for (const w of warnings) {
      const now = await getWarning(db, w.id);
      if (now?.state === 'open') rest.push({ ...now, state: 'acknowledged' as const, stateChangedAt: at });
    }
    await putWarnings(db, rest);
  }
  await store.save([answer, ...(await store.load())].slice(0, MAX_ANSWERS));
  await s.refreshBadge();
  return {
    answerId: answer.id,
    change,
    trustedDeviceName: name,
    openWarnings: await openCount(db, accountId),
    ...(notice ? { notice } : {}),
  };
}

/**
 * Undoes a recorded answer: the trust it created is removed (or the entry it widened put back as it was), the
 * account is judged again, and its warnings that are still answered open again.
 */
export async function undoAnswer(answerId: string, s: Services): Promise<ResponseOf<'undoAnswer'>> {
  const store = s.answers;
  const answers = await store.load();
  const answer = answers.find((a) => a.id === answerId);
  if (!answer) throw new Error('Nothing to undo');
  const db = await s.db();
  for (const c of answer.confirmed ?? []) await confirmBackdoor(db, c.store, c.id, undefined);
  if (answer.confirmed?.length && !answer.trust) await reevaluateAll(db, await s.settings(), s.now());
  if (answer.trust) {
    const settings = await s.settings();
    const { deviceId, before } = answer.trust;
    const trustedDevices = before
      ? settings.trustedDevices.map((d) => (d.id === deviceId ? before : d))
      : settings.trustedDevices.filter((d) => d.id !== deviceId);
    const next = { ...settings, trustedDevices };
    await s.saveSettings(next);
    await reevaluateAll(db, next, s.now());
  }
  const reopened = [];
  for (const id of answer.warningIds) {
    const w = await getWarning(db, id);
    if (w && (w.state === 'dismissed' || w.state === 'acknowledged'))
      reopened.push({ ...w, state: 'open' as const, stateChangedAt: s.now() });
  }
  await putWarnings(db, reopened);
  await store.save(answers.filter((a) => a.id !== answerId));
  await s.refreshBadge();
  return { label: answer.label, openWarnings: await openCount(db, answer.accountId) };
}
