import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, type Locale, type MessageText, messageText } from '../shared/message-text';

const read = (l: Locale): Catalog =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'public', '_locales', l, 'messages.json'), 'utf8'));

/**
 * The worker's messages as the i18n API's `getMessage` gives them in a browser whose language is `locale`: that
 * catalog, English where it lacks a key.
 */
export function wordsIn(locale: Locale): MessageText {
  const [own, en] = [read(locale), read('en')];
  return messageText({ locale: () => locale, lookup: (key) => own[key]?.message || en[key]?.message || undefined });
}

export const englishWords = wordsIn('en');
