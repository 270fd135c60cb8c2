// npm run demo: builds the extension (dist/chrome and dist/firefox) and opens Chromium with it on a bundled sample security page
// (your Mac and iPhone, your Mac through a VPN, and a stranger on a datacenter server abroad).
// With a display it stays open for you to click around; without one (or with --headless) it writes
// screenshots of the page and the popup to artifacts/demo/ and prints the badge and the warnings.
//
//   npm run demo                 build, then open (headed when $DISPLAY is set)
//   npm run demo -- --headless   never open a window
//   npm run demo -- --no-build   reuse dist/chrome
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, extensionArgs } from './chromium.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist', 'chrome');
const OUT = join(ROOT, 'artifacts', 'demo');
const PAGE_URL = 'https://www.binance.com/en/my/security/device-management';
const args = new Set(process.argv.slice(2));
const headed =
  !args.has('--headless') && !process.env.CI && Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

if (!args.has('--no-build')) {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// The demo user's own devices, as they would set them up in Settings › Trusted devices.
const settings = {
  version: 1,
  trustedDevices: [
    // The Mac is also used through the user's VPN (M247, AS9009): a provider it has, so its exit abroad stays low. Without
    // it, the Mac on a rented network it never used would be high: what a replayed session cookie looks like.
    { id: 'demo-mac', name: 'My MacBook', browser: 'Chrome', os: 'macOS', asns: [9009], createdAt: Date.now() },
    { id: 'demo-iphone', name: 'My iPhone', os: 'iOS', deviceType: 'phone', createdAt: Date.now() },
  ],
};

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sw-demo-')), {
  executablePath: CHROMIUM_PATH,
  headless: !headed,
  viewport: { width: 1200, height: 820 },
  args: extensionArgs(DIST),
});
// Only the sample page is served (at Binance's real address); nothing else leaves the machine.
const sample = readFileSync(join(ROOT, 'demo', 'security-page.html'), 'utf8');
await context.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith('chrome-extension://')) return route.continue();
  if (url.startsWith('https://www.binance.com/')) {
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: sample });
  }
  return route.abort();
});

const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
await worker.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);

const site = context.pages()[0] ?? (await context.newPage());
await site.goto(PAGE_URL);

// The content script reads the page; the worker stores the scan, judges it and sets the badge.
const badge = await waitFor(
  async () => worker.evaluate(() => chrome.action.getBadgeText({})),
  (t) => t !== '',
);
const popup = await context.newPage();
await popup.setViewportSize({ width: 420, height: 640 });
await popup.goto(`chrome-extension://${extensionId}/popup/index.html`);
const overview = await waitFor(
  () => popup.evaluate(() => chrome.runtime.sendMessage({ type: 'getOverview', payload: {} })),
  (r) => r?.ok && r.value.accounts.length > 0,
);
await popup.getByTestId('warning').first().waitFor();

mkdirSync(OUT, { recursive: true });
await site.screenshot({ path: join(OUT, 'page.png'), fullPage: true });
await popup.screenshot({ path: join(OUT, 'popup.png'), fullPage: true });

const line = '─'.repeat(78);
console.log(`\n${line}\nSession Watchdog demo — ${PAGE_URL}\n${line}`);
console.log(`Toolbar badge: ${badge} (open high and medium warnings)\n`);
for (const view of overview.value.accounts) {
  console.log(
    `${view.siteName} ${view.account.hint} — ${view.sessions.filter((s) => s.goneAt === undefined).length} sessions`,
  );
  for (const s of view.sessions) console.log(`  • ${s.device} · ${s.ip ?? 'no IP'} · ${s.location ?? ''}`);
  console.log('\nWarnings:');
  for (const w of view.warnings) console.log(`  [${w.severity.toUpperCase().padEnd(6)}] ${w.reason}`);
}
console.log(`\nScreenshots: ${join('artifacts', 'demo', 'page.png')}, ${join('artifacts', 'demo', 'popup.png')}`);

if (headed) {
  console.log('\nThe browser stays open: click the Session Watchdog icon in the toolbar. Close the window to end.');
  await new Promise((resolve) => context.on('close', resolve));
} else {
  await context.close();
}

async function waitFor(read, accept, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await read().catch(() => undefined);
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`demo: timed out (last: ${JSON.stringify(last)?.slice(0, 300)})`);
}
