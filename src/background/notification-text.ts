import type { ReasonMessage } from '../core/types';
import { renderReason } from '../ui/i18n';

/** A message in the worker's language (see `setMessageSource`), or `fallback` when this version cannot show it. */
export function localise(m: ReasonMessage, fallback = ''): string {
  return renderReason(m) ?? fallback;
}

/** The notification for warnings a scan raised: the site and how many in the title, the first one's reason. */
export function warningNotification(
  raised: { siteName: string; reason: string; message?: ReasonMessage }[],
): { title: string; message: string } | undefined {
  const first = raised[0];
  if (!first) return undefined;
  const title: ReasonMessage =
    raised.length > 1
      ? { key: 'notify_warningsTitle', args: [first.siteName, String(raised.length - 1)] }
      : { key: 'notify_warningTitle', args: [first.siteName] };
  return {
    title: localise(title, first.siteName),
    message: first.message ? localise(first.message, first.reason) : first.reason,
  };
}
