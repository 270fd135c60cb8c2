import { browser } from './browser';

/** What the reader needs of `fetch`: injected in tests. */
export type FetchFile = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * Reads a file shipped inside the extension's own package (`chrome-extension://<id>/data/…`,
 * `moz-extension://…`). This is not a network request: the browser answers it from the installed package, and
 * nothing leaves the machine. `fetch` is the only way a Chrome service worker can read its own files (`import()`
 * is not allowed there, https://github.com/w3c/webextensions/issues/212), and it works the same in Firefox's
 * event page.
 */
export function packagedFileReader(fetchFile: FetchFile = (url) => fetch(url)) {
  return async (path: string): Promise<ArrayBuffer> => {
    const url = browser.runtime.getURL(path);
    const response = await fetchFile(url);
    if (!response.ok) throw new Error(`${path}: the packaged file could not be read (${response.status})`);
    return response.arrayBuffer();
  };
}
