/**
 * Parts of a reason message that the page showing it formats in its own language (src/shared/message-text.ts), so
 * stored warnings stay language-neutral: a country by its ISO code, a place as city (as written) and country code,
 * a list as its first `max` items after how many more there are, a time with its zone, alternatives joined by "or".
 * Their keys start with "=", which no catalog message name can, so they never collide with one. Defined here
 * only: src/core/enrich.ts makes them, message-text.ts renders them, zod-issue.ts makes `=or`.
 */
export const PART_COUNTRY = '=country';
export const PART_PLACE = '=place';
export const PART_COUNTRIES = '=countries';
export const PART_LIST = '=list';
export const PART_TIME = '=time';
export const PART_OR = '=or';

/** CLDR's long forms ("Hong Kong SAR China", "中国香港特别行政区") read oddly in a sentence; these take the short one. */
const SHORT_REGIONS = new Set(['HK', 'MO', 'PS']);
const regionNames = new Map<string, Intl.DisplayNames>();

/**
 * A country's name in the language `tag` ("NG" → "Nigeria", "尼日利亚", "نيجيريا"); undefined for anything but an
 * ISO 3166-1 alpha-2 code the runtime can name. The one place country names are made, in every language.
 */
export function regionName(code: string, tag: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  const style = SHORT_REGIONS.has(code) ? 'short' : 'long';
  try {
    const id = `${tag}|${style}`;
    let names = regionNames.get(id);
    if (!names) {
      names = new Intl.DisplayNames([tag], { type: 'region', style });
      if (regionNames.size < 100) regionNames.set(id, names);
    }
    const name = names.of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}
