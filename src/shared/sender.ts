// Who sent a message: apart from the contract so the worker's first script (src/background/front.ts) can judge a
// sender without the contract's schemas.

/** The parts of runtime.MessageSender we judge. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type SenderKind = { kind: 'content'; tabId: number; url: string } | { kind: 'page'; url: string };

/**
 * Who sent a message. Extension pages have our own origin; content scripts run in a tab of a web page
 * (their sender.url is that page). Anything else — another extension, a web page via externally_connectable — is no one.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind | undefined {
  if (sender.id !== ownId) return undefined;
  const url = sender.url ?? '';
  if (url.startsWith(ownOrigin)) return { kind: 'page', url };
  const tabUrl = sender.tab?.url ?? url;
  if (sender.tab?.id === undefined || !/^https:\/\//.test(tabUrl)) return undefined;
  // A content script in a subframe reports the frame's URL; only the top frame speaks for the page.
  if (sender.frameId !== undefined && sender.frameId !== 0) return undefined;
  return { kind: 'content', tabId: sender.tab.id, url: tabUrl };
}
