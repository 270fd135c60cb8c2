import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The module id under which the popup imports its English catalog. */
export const POPUP_MESSAGES_ID = 'virtual:popup-messages';
/** The English strings of the controls the popup loads after its first paint (popup/later.tsx). */
export const POPUP_LATER_MESSAGES_ID = 'virtual:popup-later-messages';

/** Keys only popup/later.tsx shows: they come with that chunk, not with the popup's first script. */
export const LATER_IN_POPUP = [
  'check_',
  'answersTitle',
  'answersEmpty',
  'answerTrusted',
  'answerDismissed',
  'answerRemoveTrust',
  'answerReopen',
  'firstScan',
  'empty',
  'scanThisPage',
  'scanAlreadyWatched',
  'scanReading',
  'scanRead',
  'scanNothing',
  // The emergency checklist's own words: its dialog is a chunk opened on a click, and it adds this part too.
  'emergencyTitle',
  'emergencyStarted',
  'emergencyProgress',
  'emergencyIntro',
  'emergencyReset',
  'step_',
  'openPage',
  'noLink',
  'notConfirmed',
  'close',
  'watchThisSite',
  'tagRisky',
  'confirmYes',
  // What the last action did and its Undo (popup/notice-line.tsx): shown after an action, never at first paint.
  'dismissedNotice',
  'trustedCreated',
  'trustedWidened',
  'trustedCovered',
  'acknowledged',
  'undo',
  'allMineDone',
] as const;

type Catalog = Record<string, { message: string; description?: string }>;

/**
 * Strings only other parts show (the options page, its import errors, the worker's notifications, the log-out
 * guide's banner), and the
 * warnings' reasons: a warning carries its reason in English already (src/ui/i18n.ts, reasonText, shows that
 * when the UI language has no catalog entry of its own).
 */
export const NOT_IN_POPUP = [
  'options_',
  'importErr_',
  'importType_',
  'notify_',
  'reason_',
  'guide_',
  // The store listing's description, and what "This was me" trusted (its answer carries the English words).
  'extDescription',
  'trustNotice_',
  // The toolbar button's tooltip, which the worker sets.
  'badgeTitle',
] as const;

/**
 * The part of the English catalog the popup can show: everything but NOT_IN_POPUP and the descriptions meant for
 * translators. About 1.7 KB gzipped instead of the whole catalog, so English, the fallback of every key, is part
 * of the popup's first script rather than a chunk fetched after it.
 */
export function popupCatalog(en: Catalog, part: 'first' | 'later' = 'first'): Record<string, { message: string }> {
  const out: Record<string, { message: string }> = {};
  for (const [key, value] of Object.entries(en)) {
    if (NOT_IN_POPUP.some((prefix) => key.startsWith(prefix))) continue;
    const isLater = LATER_IN_POPUP.some((prefix) => key.startsWith(prefix));
    if (isLater === (part === 'later')) out[key] = { message: value.message };
  }
  return out;
}

/** Serves `virtual:popup-messages` from `_locales/en/messages.json`, rebuilt when that file changes. */
export function popupMessages(root: string): Plugin {
  const file = join(root, 'public', '_locales', 'en', 'messages.json');
  return {
    name: 'session-watchdog:popup-messages',
    resolveId: (id) => (id === POPUP_MESSAGES_ID || id === POPUP_LATER_MESSAGES_ID ? `\0${id}` : undefined),
    load(id) {
      if (id !== `\0${POPUP_MESSAGES_ID}` && id !== `\0${POPUP_LATER_MESSAGES_ID}`) return undefined;
      this.addWatchFile(file);
      const en = JSON.parse(readFileSync(file, 'utf8')) as Catalog;
      const part = id === `\0${POPUP_LATER_MESSAGES_ID}` ? 'later' : 'first';
      return `export default ${JSON.stringify(popupCatalog(en, part))};`;
    },
  };
}
