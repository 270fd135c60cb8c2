// Which pages the content script reads, without the site registry (its links and icons cost the content script
// 1 KB gz): on a built-in host only its security pages; anywhere else it runs only where the user registered a
// custom site or asked for one read, and the worker decides whether to accept the scan. page-gate.test.ts checks
// this agrees with src/core/sites.ts.
const LOCALE = '(?:/[a-z]{2}(?:-[A-Za-z]{2,4})?)?';
const BINANCE = new RegExp(`^${LOCALE}/my/(?:security|settings/api-management)(?:/|$)`);
const SECURITY_PAGES: Record<string, RegExp> = {
  'www.binance.com': BINANCE,
  'app.binance.com': BINANCE,
  'www.kucoin.com': new RegExp(`^${LOCALE}/account/(?:security|api)(?:/|$)`),
  'www.kraken.com': /^\/u\/security(?:\/|$)/,
  'github.com': /^\/settings\/(?:sessions|security)(?:\/|$)/,
  'gitlab.com': /^\/-\/user_settings\/active_sessions(?:\/|$)/,
};

export function isReadablePage(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  const pages = Object.hasOwn(SECURITY_PAGES, url.hostname) ? SECURITY_PAGES[url.hostname] : undefined;
  return !pages || pages.test(url.pathname);
}
