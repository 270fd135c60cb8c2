import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, test as base, chromium, type Page, type Worker } from '@playwright/test';
import { extensionArgs } from '../../scripts/chromium.mjs';
import { CHROMIUM, DIST_CHROME } from '../support/fixtures';

export interface ExtensionFixtures {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Opens an extension page (popup/index.html, options/index.html) in a tab. */
  openExtensionPage: (path: string) => Promise<Page>;
}

export const test = base.extend<ExtensionFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring form
  context: async ({}, use) => {
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sw-e2e-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...extensionArgs(DIST_CHROME),
        // Lets a test click the toolbar action over CDP (Extensions.triggerAction), which grants activeTab.
        '--enable-unsafe-extension-debugging',
      ],
    });
    await use(context);
    await context.close();
  },
  worker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ worker }, use) => {
    await use(new URL(worker.url()).host);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    });
  },
});

export { expect } from '@playwright/test';

/** The badge text as the toolbar shows it. */
export function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

/** Serves `html()` at every https URL of the host, as the real site would be reached. */
export async function serveSite(context: BrowserContext, host: string, html: () => string): Promise<void> {
  await context.route(`https://${host}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html() }),
  );
}
