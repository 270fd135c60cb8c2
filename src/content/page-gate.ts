import { type BuiltInSiteId, hostOf, SECURITY_PAGES as PAGES, securityPathsOf } from '../core/security-pages';

// Which pages the content script reads, without the site registry (its links and icons would weigh on the content
// script's size budget): on a built-in host only its security pages, from src/core/security-pages.ts (the list the
// registry reads too); anywhere else it runs only where the user registered a custom site or asked for one read,
// and the worker decides whether to accept the scan. page-gate.test.ts checks this agrees with src/core/sites.ts.
const SECURITY_PAGES: Record<string, RegExp> = Object.fromEntries(
  (Object.keys(PAGES) as BuiltInSiteId[]).flatMap((id) =>
    PAGES[id].matches.map((m) => [hostOf(m), securityPathsOf(id)]),
  ),
);

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
