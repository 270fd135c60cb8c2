import { directionOf, type MessageText } from './message-text';

/** What the worker hands the log-out guide it injects into a tab (src/shared/guide-page.ts). */

/** The banner's words in the browser's language, and its direction. */
export interface GuideTexts {
  all: string;
  rows: string;
  row: string;
  rowMissing: string;
  close: string;
  dir: 'ltr' | 'rtl';
  lang: string;
}

/** The one session to sign out ("Sign out this session"): its address and device as the page lists them. */
export interface GuideRow {
  ip?: string;
  device?: string;
  /**
   * An API key's or withdrawal address's row ("Delete this key"): texts its row shows, every one of them (the
   * label, the masked form's two ends); they are looked for instead of the address or device.
   */
  texts?: string[];
}

/** A tab the worker opened to a log-out page: its content script highlights the button there. */
export interface Guidance {
  url: string;
  siteName: string;
  at: number;
  /** "Sign out this session": the row whose own control is outlined. */
  row?: GuideRow;
}

/** The guide banner's words in the worker's language (the browser's; tests pass English), for the page it is shown on. */
export function guideTexts(words: MessageText, siteName: string, row?: GuideRow): GuideTexts {
  const { t } = words;
  const device = row?.device || t('unknownDevice');
  const ip = row?.ip ?? '—';
  // A key's or address's row: its label and masked form are what the banner names.
  const what = row?.texts?.join(' ') ?? '';
  return {
    all: t('guide_all', siteName),
    rows: t('guide_rows', siteName),
    row: row?.texts ? t('guide_backdoorRow', siteName, what) : t('guide_row', siteName, device, ip),
    rowMissing: row?.texts
      ? t('guide_backdoorRowMissing', siteName, what)
      : t('guide_rowMissing', siteName, device, ip),
    close: t('guide_close'),
    dir: directionOf(words.locale()),
    lang: words.tag(),
  };
}
