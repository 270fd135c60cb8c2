import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { languageTag, t } from '../src/ui/i18n';

/** "Checked by itself 3 h ago · Scanned by you 12 days ago", or the plain "Scanned" before any background check. */
export function ScanTimes({ view, now }: { view: AccountView; now: number }) {
  const lang = languageTag();
  const { account } = view;
  if (account.lastCheckedAt === undefined)
    return <span>{t('scanned', formatTime(account.lastScanAt, now, lang))}</span>;
  return (
    <>
      <span data-testid="checked-by-itself">{t('checkedByItself', formatTime(account.lastCheckedAt, now, lang))}</span>
      <span data-testid="scanned-by-you">
        {t('scannedByYou', formatTime(account.lastUserScanAt ?? account.lastScanAt, now, lang))}
      </span>
    </>
  );
}
