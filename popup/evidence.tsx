import type { AccountView } from '../src/shared/contract';
import { formatAbsolute } from '../src/shared/format';
import { languageTag, t } from '../src/ui/i18n';

type Warning = AccountView['warnings'][number];

/** What a warning is about, as label/value rows: device, address, place, time, and how often it repeated. */
export function Evidence({ w }: { w: Warning }) {
  const lang = languageTag();
  const ev = w.evidence;
  const rows: [string, string][] = [];
  if (typeof ev.device === 'string' && ev.device) rows.push([t('evidenceDevice'), ev.device]);
  if (typeof ev.ip === 'string' && ev.ip) rows.push([t('evidenceIp'), ev.ip]);
  if (typeof ev.location === 'string' && ev.location) rows.push([t('evidencePlace'), ev.location]);
  // A key, a call made with it, a withdrawal address: as kept (label and masked form, never the key itself).
  const named = (a: unknown, b: unknown) => [a, b].filter((x) => typeof x === 'string' && x).join(' · ');
  if (typeof ev.apiKey === 'string') rows.push([t('evidenceApiKey'), named(ev.apiKey, ev.apiKeyMasked)]);
  if (typeof ev.permissions === 'string' && ev.permissions) rows.push([t('evidencePermissions'), ev.permissions]);
  if (typeof ev.callerIp === 'string') rows.push([t('evidenceCaller'), named(ev.callerIp, ev.action)]);
  if (typeof ev.addressId === 'string')
    rows.push([t('evidenceWithdrawalAddress'), named(named(ev.address, ev.addressMasked), ev.addressNetwork) || '—']);
  if (typeof ev.time === 'number') rows.push([t('evidenceTime'), formatAbsolute(ev.time, lang)]);
  // Repeats of the same finding fold into this one (src/core/rules/group.ts): how many, and the latest.
  if (typeof ev.count === 'number' && ev.count > 1) {
    const latest = typeof ev.lastTime === 'number' ? ev.lastTime : ev.time;
    rows.push([
      t('evidenceRepeats'),
      t(
        'evidenceRepeatsValue',
        ev.count.toLocaleString(lang),
        typeof latest === 'number' ? formatAbsolute(latest, lang) : '—',
      ),
    ]);
  }
  // A flood of strangers folded into one warning (src/core/rules/session-flood.ts): a few of the others, by address.
  if (typeof ev.others === 'string' && ev.others) rows.push([t('evidenceOthers'), ev.others]);
  if (!rows.length) return null;
  return (
    <dl class="evidence">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <bdi>{value}</bdi>
          </dd>
        </div>
      ))}
    </dl>
  );
}
