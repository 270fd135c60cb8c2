import { stripInvisible } from '../core/text';
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
      ? { key: 'notify_warningsTitle', args: [stripInvisible(first.siteName), String(raised.length - 1)] }
      : { key: 'notify_warningTitle', args: [stripInvisible(first.siteName)] };
  // Device names in a reason are page text: shown without the characters that hide or reorder it (the message
  // template's own isolates around them stay).
  const message = first.message && {
    ...first.message,
    args: first.message.args.map((a) => (typeof a === 'string' ? stripInvisible(a) : a)),
  };
  return {
    title: localise(title, first.siteName),
    message: message ? localise(message, stripInvisible(first.reason)) : stripInvisible(first.reason),
  };
}
