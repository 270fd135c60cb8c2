// The figures that need real Chromium with the built extension loaded (dist/chrome).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, extensionArgs } from '../scripts/chromium.mjs';
import { bundleExtractor, bundleRules, ROOT } from './bundle.mjs';
import { pageHtml, tableHtml } from './pages.mjs';
import { steadyRounds, summarise, widestOf } from './stats.mjs';
import * as synth from './synthetic.mjs';

/** BENCH_DIST compares another build (e.g. a copy of the previous one) under the same conditions. */
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist', 'chrome');
const BINANCE_DEVICES_URL = 'https://www.binance.com/en/my/security/device-management';
const DB_NAME = 'session-watchdog';

const CHROMIUM_ARGS = [
  ...extensionArgs(DIST),
  // Nothing leaves the machine: no host name resolves, and no proxy is asked. Pages the bench serves are
  // fulfilled per page by Playwright before any lookup. A context-wide route would do the same, but it sends
  // every request of every page (the popup's own files too) through this process, which is not what a user's
  // browser does: it cost the popup about 30 ms per open.
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
];

/** `keepProfile`: close() leaves the profile (and its database) for a second browser; the caller removes it. */
export async function launch({ keepProfile = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'sw-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    profile,
    async close() {
      await context.close();
      if (!keepProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The same Chromium, profile and extension with no automation attached to its pages. Playwright attaches to
 * every new page and holds it until its own setup is done (and runs init scripts in it); a user's popup has none
 * of that. Driven over the DevTools pipe with nothing but Target.createTarget / attachToTarget (after the fact) /
 * Runtime.evaluate, so pages load exactly as they would without it.
 */
async function launchBare(profile) {
  const proc = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  const [, , , toBrowser, fromBrowser] = proc.stdio;
  let buffer = '';
  let nextId = 1;
  const pending = new Map();
  fromBrowser.on('data', (chunk) => {
    buffer += chunk.toString();
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      const waiting = message.id && pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  // Ready when the extension's worker is listed.
  await until(async () => {
    const { targetInfos } = await send('Target.getTargets');
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  }, 'the extension to start in the bare browser');
  return {
    /** Opens `url` in a new tab, waits for every one of `marks` in it, returns their times (ms from navigation start). */
    async open(url, marks) {
      const { targetId } = await send('Target.createTarget', { url });
      try {
        // Attaching does not pause or re-run anything: the page has been loading on its own since createTarget.
        const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
        const read = async () => {
          const { result } = await send(
            'Runtime.evaluate',
            {
              expression: `(() => { const t = ${JSON.stringify(marks)}.map((m) => performance.getEntriesByName(m)[0]?.startTime); return t.every((x) => x !== undefined) && t; })()`,
              returnByValue: true,
            },
            sessionId,
          );
          return result.value;
        };
        // Polled slowly (the page is left alone); each mark holds the time it happened.
        return await until(read, `${marks.join(', ')} in ${url}`, 20_000, 100);
      } finally {
        await send('Target.closeTarget', { targetId });
      }
    },
    async close() {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      await send('Browser.close').catch(() => {});
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      proc.kill('SIGKILL');
    },
  };
}

/** Polls `fn` until it returns a truthy value; bounded. */
export async function until(fn, what, timeoutMs = 20_000, everyMs = 10) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const EXTRACT_SIZES = [10, 100, 1_000, 10_000];
const EXTRACT_RUNS = { 10: 60, 100: 40, 1000: 15, 10000: 9 };
/** How long the worker reads (and walks) a copy before its figure is timed. */
const EXTRACT_WARM_MS = 1500;

/**
 * Reading a list of N rows as the extension does: the content script copies the page (snapshotDom and the
 * JSON it compares) in a real page, the service worker checks the copy and runs the real extractor on it
 * (parseSnapshot, fromSnapshot, extractScan). Both are esbuild bundles of the sources; the page part is compared
 * with what the page itself spends building the same DOM (innerHTML + forced style/layout). The page is served at
 * a URL the content script does not match, so only the injected copy runs.
 */
async function benchExtraction(ext, sizes = EXTRACT_SIZES) {
  const code = await bundleExtractor();
  const page = await ext.context.newPage();
  await page.route('https://extract-bench.test/**', (r) =>
    r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml() }),
  );
  await page.goto('https://extract-bench.test/en/my/security/device-management');
  await page.addScriptTag({ content: code });
  // The same bundle in the worker's own realm (CDP evaluation is not subject to the extension's CSP).
  await ext.worker.evaluate(code);
  const out = {};
  for (const rows of sizes) {
    const html = tableHtml(rows);
    const inPage = await page.evaluate(
      ({ html, runs }) => {
        const list = document.getElementById('list');
        const body = document.body;
        const render = [];
        for (let i = 0; i < Math.max(3, Math.ceil(runs / 3)); i++) {
          list.textContent = '';
          void body.offsetHeight;
          const t0 = performance.now();
          list.innerHTML = html;
          void body.offsetHeight; // forces style and layout, as the page's first render would
          render.push(performance.now() - t0);
        }
        const { snapshotDom } = globalThis.__swBench;
        let json = JSON.stringify(snapshotDom(document));
        const snapshot = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          json = JSON.stringify(snapshotDom(document));
          snapshot.push(performance.now() - t0);
        }
        return { render, snapshot, json };
      },
      { html, runs: EXTRACT_RUNS[rows] },
    );
    const inWorker = await ext.worker.evaluate(
      ({ json, runs, warmMs }) => {
        const { extractScan, fromSnapshot, parseSnapshot, SnapDoc } = globalThis.__swBench;
        const opts = {
          url: 'https://extract-bench.test/en/my/security/device-management',
          now: Date.UTC(2026, 3, 15, 12),
        };
        // What recordPage does with a snapshot it received (structured data, as the message delivers it).
        const read = (tree) => {
          if (!parseSnapshot(tree).ok) throw new Error('snapshot refused');
          const doc = fromSnapshot(tree);
          return extractScan(doc instanceof SnapDoc ? (doc.body ?? doc) : doc, opts);
        };
        // The floor: a bare walk of the same copy, every node visited and its text read (every character of it,
        // folded into a number so none of the reads can be skipped), nothing else. Reading a text's length alone
        // is not reading it: every extractor looks at each character at least once.
        const walk = (tree) => {
          let h = 0;
          const stack = [tree];
          while (stack.length) {
            const node = stack.pop();
            if (typeof node === 'string') {
              for (let c = 0; c < node.length; c++) h = (h * 31 + node.charCodeAt(c)) | 0;
              continue;
            }
            h = (h + node[0].length) | 0;
            for (let i = node.length - 1; i >= 2; i--) stack.push(node[i]);
          }
          return h;
        };
        // The first reading of this copy, while the reader is still uncompiled (as a worker just woken reads a page):
        // reported beside the figure, not in it.
        const c0 = performance.now();
        let result = read(JSON.parse(json));
        const first = performance.now() - c0;
        let sink = walk(JSON.parse(json));
        // Both timed settled: the walk is compiled after a handful of runs, the reader after a few hundred readings
        // (the bundle is evaluated anew for each figure, so each starts cold). Timing from the third reading put
        // V8's compiling of the reader in the figure and not in the floor: 0.87 ms against 0.36 ms settled, at
        // 100 rows. Warmed as bench/extract-node.mjs warms it in Node.
        for (const w0 = performance.now(); performance.now() - w0 < warmMs; ) {
          result = read(JSON.parse(json));
          sink += walk(JSON.parse(json));
        }
        // A worker's clock ticks in 0.1 ms: each sample repeats its work until it lasts a few ms (the same count for
        // every sample of a figure), and is divided by that count.
        const repeatsFor = (fn) => {
          const t0 = performance.now();
          fn();
          return Math.min(20_000, Math.max(1, Math.ceil(5 / Math.max(performance.now() - t0, 0.01))));
        };
        const parsed = JSON.parse(json);
        const walkRepeats =
          repeatsFor(() => {
            for (let k = 0; k < 10; k++) sink += walk(parsed);
          }) * 10;
        const readRepeats = repeatsFor(() => read(JSON.parse(json)));
        const extract = [];
        const floor = [];
        for (let i = 0; i < runs; i++) {
          // Each read on a fresh copy (as each message delivers one); the walk only reads, so it reuses its copy.
          // Floor and figure take turns going first.
          const copies = Array.from({ length: readRepeats }, () => JSON.parse(json));
          const b = JSON.parse(json);
          const timeFloor = () => {
            const t0 = performance.now();
            for (let k = 0; k < walkRepeats; k++) sink += walk(b);
            floor.push((performance.now() - t0) / walkRepeats);
          };
          if (i % 2 === 0) timeFloor();
          const t0 = performance.now();
          for (const copy of copies) read(copy);
          extract.push((performance.now() - t0) / readRepeats);
          if (i % 2 === 1) timeFloor();
        }
        return { extract, floor, first, sessions: result.sessions.length, sink, walkRepeats, readRepeats };
      },
      { json: inPage.json, runs: EXTRACT_RUNS[rows], warmMs: EXTRACT_WARM_MS },
    );
    out[rows] = { ...inPage, ...inWorker, bytes: inPage.json.length };
  }
  await page.close();
  const figures = {};
  for (const rows of sizes) {
    const r = out[rows];
    const snapshot = summarise(r.snapshot);
    const worker = summarise(r.extract);
    const floor = summarise(r.floor);
    const workerRatio = summarise(r.extract.map((t, i) => t / r.floor[i]));
    const render = summarise(r.render);
    // Each run's page part plus the worker part of the same index: the time from a change to a reading.
    const extract = summarise(r.snapshot.map((t, i) => t + (r.extract[i] ?? 0)));
    figures[rows] = {
      extract,
      snapshot,
      worker,
      floor,
      workerRatio,
      render,
      snapshotBytes: r.bytes,
      ratio: snapshot.median / render.median,
      perHundredRows: (extract.median / rows) * 100,
      sessionsFound: r.sessions,
      first: r.first,
    };
  }
  return figures;
}

/**
 * Installed in the worker: when a recordPage (or recordScan) arrives, when its first database transaction opens
 * (the page is read by then), when the transaction that writes the scan commits, and when the one that writes its
 * warnings commits (`judged`; the same transaction in a build that stores and judges in one).
 */
function installWorkerProbe() {
  if (globalThis.__swProbe) return;
  const probe = { scans: [] };
  globalThis.__swProbe = probe;
  chrome.runtime.onMessage.addListener((message) => {
    if (message && (message.type === 'recordScan' || message.type === 'recordPage')) {
      probe.scans.push({ received: performance.now(), rows: message.payload?.scan?.sessions?.length });
    }
    const last = probe.scans[probe.scans.length - 1];
    if (message?.type === 'getOverview' && last?.committed !== undefined && last.judged === undefined) {
      probe.overviewsWhileJudging = (probe.overviewsWhileJudging ?? 0) + 1;
    }
    return undefined;
  });
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function patched(stores, mode, ...rest) {
    const tx = transaction.call(this, stores, mode, ...rest);
    const names = typeof stores === 'string' ? [stores] : [...stores];
    const last = probe.scans[probe.scans.length - 1];
    if (last && last.firstTx === undefined) last.firstTx = performance.now();
    // The transaction that writes the scan (accounts + scans); pruning afterwards writes scans but not accounts.
    if (mode === 'readwrite' && names.includes('scans') && names.includes('accounts')) {
      const opened = performance.now();
      const entry = probe.scans[probe.scans.length - 1];
      tx.addEventListener('complete', () => {
        if (entry && entry.committed === undefined) {
          Object.assign(entry, { writeOpened: opened, committed: performance.now() });
          // Its judging starts now: the bench's page asks getOverview on this ping (benchStoreScan).
          if (probe.pingOnCommit) chrome.runtime.sendMessage({ benchScanCommitted: true }).catch(() => {});
        }
      });
    }
    // The scan's judging, stored after it in a transaction of its own (warnings, summary, stamp).
    if (mode === 'readwrite' && names.includes('warnings') && names.includes('meta') && !names.includes('accounts')) {
      const entry = probe.scans[probe.scans.length - 1];
      tx.addEventListener('complete', () => {
        if (entry && entry.committed !== undefined && entry.judged === undefined) entry.judged = performance.now();
      });
    }
    return tx;
  };
}

const STORE_ROWS = 1_000;
/** First visits (one account each) and the revisits of each. */
const STORE_ACCOUNTS = 5;
const STORE_REVISITS = 2;

/**
 * The floor of a stored scan, in the worker's realm: the same 1,000 session rows (as the worker stored them) put in a
 * bare database, one put per row, in one transaction; timed from the transaction's creation to its commit. `fresh`
 * empties the store first (a first visit inserts), else the rows overwrite themselves (a revisit updates).
 */
async function storeFloor({ fresh }) {
  const open = (name, version, upgrade) =>
    new Promise((resolve, reject) => {
      const req = indexedDB.open(name, version);
      req.onupgradeneeded = () => upgrade?.(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const done = (tx) =>
    new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  const probe = globalThis.__swProbe;
  if (!probe.floorRows) {
    // The rows of the account just scanned, read once from the worker's own database.
    const db = await open('session-watchdog');
    const tx = db.transaction('summaries');
    const all = await new Promise((resolve) => {
      const req = tx.objectStore('summaries').getAll();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    probe.floorRows = all.sort((x, y) => y.sessions.length - x.sessions.length)[0].sessions;
  }
  probe.floorDb ??= await open('bench-floor-store', 1, (db) => db.createObjectStore('rows', { keyPath: 'key' }));
  const db = probe.floorDb;
  if (fresh) {
    const clear = db.transaction('rows', 'readwrite');
    clear.objectStore('rows').clear();
    await done(clear);
  }
  const t0 = performance.now();
  const tx = db.transaction('rows', 'readwrite');
  const rows = tx.objectStore('rows');
  for (const row of probe.floorRows) rows.put(row);
  await done(tx);
  return { ms: performance.now() - t0, rows: probe.floorRows.length };
}

/**
 * A 1,000-row device page served at the real Binance URL; the shipped content script copies it and sends
 * recordPage. Timed inside the worker from its first database transaction (the page has been read) to the commit
 * of the transaction that writes the scan: read of the account, merge, write; `judged` to the commit of its
 * warnings (rules, reconcile, their write: what the popup and the badge show); `received` also
 * counts the sender check, the snapshot check and the extraction. Each of STORE_ACCOUNTS accounts (its own UID on
 * the page) is visited once, inserting 1,000 new sessions, then reloaded STORE_REVISITS times (the content script's
 * dedupe is per page load), updating them. After each scan, its floor (storeFloor).
 *
 * Meanwhile, getOverview: the worker's probe pings the bench's extension page when a scan is committed (its judging
 * starts then), and the page asks getOverview at once: "while a scan is being judged". After each scan is judged,
 * the page asks it again with nothing else to do: "idle".
 */
async function benchStoreScan(ext, pages) {
  await ext.worker.evaluate(installWorkerProbe);
  const side = await ext.context.newPage();
  await side.goto(pages.blank);
  await side.evaluate(() => {
    const state = { busy: [], idle: [] };
    globalThis.__overview = state;
    const ask = async () => {
      const t0 = performance.now();
      const r = await chrome.runtime.sendMessage({ type: 'getOverview', payload: {} });
      if (!r?.ok) throw new Error('getOverview failed');
      return performance.now() - t0;
    };
    state.ask = ask;
    chrome.runtime.onMessage.addListener((m) => {
      if (m?.benchScanCommitted) ask().then((ms) => state.busy.push(ms));
      return undefined;
    });
  });
  await ext.worker.evaluate(() => {
    globalThis.__swProbe.pingOnCommit = true;
  });
  const page = await ext.context.newPage();
  let uid = 0;
  await page.route('https://www.binance.com/**', (r) =>
    r.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: pageHtml(tableHtml(STORE_ROWS)).replace('38451092', String(38451100 + uid)),
    }),
  );
  const floors = [];
  const visits = [];
  let n = 0;
  for (let a = 0; a < STORE_ACCOUNTS; a++) {
    for (let v = 0; v <= STORE_REVISITS; v++) {
      uid = a;
      if (v === 0) await page.goto(BINANCE_DEVICES_URL);
      else await page.reload();
      n++;
      // Judged too before the next visit, or the next scan's first transaction would be this one's judging. A build
      // that judges in the scan's own transaction (BENCH_DIST of an older one) writes no second one.
      await until(
        () =>
          ext.worker.evaluate(
            (k) =>
              globalThis.__swProbe.scans.filter(
                (s) => s.committed && (s.judged || performance.now() - s.committed > 1000),
              ).length >= k,
            n,
          ),
        `scan ${n} to be stored and judged`,
      );
      visits.push(v === 0 ? 'first' : 'revisit');
      // The ping's getOverview is answered before the idle one is asked.
      await until(() => side.evaluate((k) => globalThis.__overview.busy.length >= k, n), 'getOverview during judging');
      await side.evaluate(async () => globalThis.__overview.idle.push(await globalThis.__overview.ask()));
      floors.push((await ext.worker.evaluate(storeFloor, { fresh: v === 0 })).ms);
    }
  }
  const scans = await ext.worker.evaluate(() => globalThis.__swProbe.scans);
  const overview = await side.evaluate(() => ({
    busy: globalThis.__overview.busy,
    idle: globalThis.__overview.idle,
  }));
  const overlapped = await ext.worker.evaluate(() => globalThis.__swProbe.overviewsWhileJudging ?? 0);
  if (process.env.SW_MARKS) {
    const marks = await ext.worker.evaluate(() =>
      performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
    );
    let prev;
    const lines = [];
    for (const [n, t] of marks) {
      if (n === 'sw:start') lines.push('\n');
      lines.push(`${n.slice(3)} ${prev === undefined || n === 'sw:start' ? '' : (t - prev).toFixed(1)}`);
      prev = t;
    }
    console.error(lines.join('  '));
  }
  const stored = await page.evaluate(() => document.querySelectorAll('tbody tr').length);
  await page.close();
  await side.close();
  const total = scans.map((s) => s.committed - s.firstTx);
  const received = scans.map((s) => s.committed - s.received);
  const write = scans.map((s) => s.committed - s.writeOpened);
  const judged = scans.map((s) => (s.judged ?? s.committed) - s.firstTx);
  const part = (kind) => {
    const at = visits.map((v, i) => (v === kind ? i : -1)).filter((i) => i >= 0);
    const pick = (xs) => at.map((i) => xs[i]);
    return {
      total: summarise(pick(total)),
      write: summarise(pick(write)),
      received: summarise(pick(received)),
      judged: summarise(pick(judged)),
      floor: summarise(pick(floors)),
      ratio: summarise(at.map((i) => total[i] / floors[i])),
      judgedRatio: summarise(at.map((i) => judged[i] / floors[i])),
    };
  };
  return {
    rowsOnPage: stored,
    rowsSent: scans[0]?.rows,
    first: part('first'),
    repeat: part('revisit'),
    overview: {
      busy: summarise(overview.busy),
      idle: summarise(overview.idle),
      ratio: summarise(overview.busy.map((ms, i) => ms / overview.idle[i])),
      // How many of those getOverview arrived at the worker while a scan was between its commit and its judging's.
      overlapped,
      asked: overview.busy.length,
    },
  };
}

const ACCOUNTS = 20;
const EVENTS = 100_000;

/**
 * Runs in an extension page: opens the worker's database once the worker has created it. Never creates it: an
 * open without a version would create an empty version 1, and the worker's migrations would then skip the one
 * that creates the stores (the e2e readers refuse the same way).
 */
async function openWorkerDb(name) {
  const tryOpen = () =>
    new Promise((resolve) => {
      const req = indexedDB.open(name);
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(undefined);
    });
  for (let i = 0; i < 400; i++) {
    const db = await tryOpen();
    if (db?.objectStoreNames.contains('summaries')) return db;
    db?.close();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the worker did not create its database');
}

/** Defines openWorkerDb in an extension page (evaluated over CDP: the page's CSP forbids eval). */
async function definePageHelpers(page) {
  await page.evaluate(`globalThis.openWorkerDb = ${openWorkerDb.toString()}`);
}

/** 20 accounts, their sessions, warnings and 100k logins, laid out as the worker keeps them (src/background/db-schema.ts). */
async function seedData() {
  // Each login row as the worker writes it (its address value beside the text, storage version 11).
  const { withAddressValue } = await bundleRules();
  const data = { accounts: [], sessions: [], warnings: [], logins: [], summaries: [] };
  for (let i = 0; i < ACCOUNTS; i++) {
    const acc = synth.account(i);
    const s = synth.sessions(acc, 20, 100 + i);
    const w = synth.warnings(acc, s);
    data.accounts.push(acc);
    data.sessions.push(...s.filter((x) => x.goneAt !== undefined));
    data.warnings.push(...w.filter((x) => x.state === 'resolved'));
    data.summaries.push(synth.summary(acc, s, w));
    data.logins.push(...synth.logins(acc, EVENTS / ACCOUNTS, 200 + i).map(withAddressValue));
  }
  return data;
}

/**
 * Defines, in an extension page, `seedWorkerDb()`: writes `globalThis.__seed` into the worker's database in one
 * transaction (live sessions and open warnings in each account's summary, gone sessions as rows; login rows under
 * their key [accountId, time, key], src/background/db.ts loginRowKey) and answers the row counts.
 */
async function defineSeeding(page, data) {
  await page.evaluate((d) => {
    globalThis.__seed = d;
  }, data);
  await page.evaluate(`globalThis.seedWorkerDb = async (name) => {
    const data = globalThis.__seed;
    const db = await globalThis.openWorkerDb(name);
    const stores = ['accounts', 'sessions', 'warnings', 'logins', 'summaries'];
    const tx = db.transaction(stores, 'readwrite');
    for (const store of stores) {
      const os = tx.objectStore(store);
      for (const row of data[store]) {
        if (store === 'logins') os.put(row, [row.accountId, row.time ?? Number.POSITIVE_INFINITY, row.key]);
        else os.put(row);
      }
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    const count = (store) =>
      new Promise((resolve) => {
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
      });
    const result = { accounts: await count('accounts'), logins: await count('logins') };
    db.close();
    return result;
  }`);
}

/** Writes the 20 accounts and 100k logins into the worker's database from an extension page. */
export async function seed(ext) {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/manifest.json`);
  await definePageHelpers(page);
  await defineSeeding(page, await seedData());
  const counts = await page.evaluate((name) => globalThis.seedWorkerDb(name), DB_NAME);
  await page.close();
  return counts;
}

const DAY = 86_400_000;
const RETENTION_RUNS = 3;

/**
 * Retention keeps the database bounded: 20 accounts with two years of history (100k login events) are seeded, then
 * the user sets a one-year limit in the settings. The worker prunes when the setting changes (not at the next scan
 * or the next day); timed from the settings write to the moment its prune record names the new limit, as seen
 * from an extension page polling the database. Rows counted before and after; rows older than the limit left over.
 * The floor: the same rows (logins, gone sessions, resolved warnings) in a bare database keyed [account, time, id],
 * deleted as one key range per account and store in one transaction. RETENTION_RUNS pairs, the data seeded again
 * before each (and the limit one day longer each time, so the setting changes), floor and figure taking turns first.
 */
async function benchRetention(ext, pages) {
  const page = await ext.context.newPage();
  await page.goto(pages.blank);
  await definePageHelpers(page);
  await defineSeeding(page, await seedData());
  // A year before the synthetic history's end, whatever today's date: half of the two years goes.
  const base = 365 + Math.max(0, Math.ceil((Date.now() - synth.NOW) / DAY));
  const defaults = (await bundleRules()).defaultSettings();
  const runs = [];
  for (let i = 0; i < RETENTION_RUNS; i++) {
    runs.push(
      await page.evaluate(
        async ({ name, days, DAY, floorFirst, defaults }) => {
          const seeded = await globalThis.seedWorkerDb(name);
          const data = globalThis.__seed;
          const done = (tx) =>
            new Promise((resolve, reject) => {
              tx.oncomplete = resolve;
              tx.onerror = () => reject(tx.error);
            });
          const floorStores = { logins: 'time', sessions: 'goneAt', warnings: 'stateChangedAt' };
          const floorDb = await new Promise((resolve, reject) => {
            const req = indexedDB.open('bench-floor-retention', 1);
            req.onupgradeneeded = () => {
              for (const store of Object.keys(floorStores)) req.result.createObjectStore(store);
            };
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          {
            const tx = floorDb.transaction(Object.keys(floorStores), 'readwrite');
            for (const [store, field] of Object.entries(floorStores)) {
              const os = tx.objectStore(store);
              os.clear();
              for (const row of data[store]) {
                os.put(row, [row.accountId, row[field] ?? Number.POSITIVE_INFINITY, row.key ?? row.id]);
              }
            }
            await done(tx);
          }
          const timeFloor = async () => {
            const cutoff = Date.now() - days * DAY;
            const t0 = performance.now();
            const tx = floorDb.transaction(Object.keys(floorStores), 'readwrite');
            for (const store of Object.keys(floorStores)) {
              for (const a of data.accounts) {
                tx.objectStore(store).delete(IDBKeyRange.bound([a.id], [a.id, cutoff], false, true));
              }
            }
            await done(tx);
            return performance.now() - t0;
          };

          const db = await globalThis.openWorkerDb(name);
          const count = (store) =>
            new Promise((resolve, reject) => {
              const req = db.transaction(store).objectStore(store).count();
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error);
            });
          const rows = async () => {
            const out = {};
            for (const store of ['logins', 'sessions', 'scans', 'warnings']) out[store] = await count(store);
            return out;
          };
          const prunedFor = () =>
            new Promise((resolve) => {
              const req = db.transaction('meta').objectStore('meta').get('prunedAt');
              req.onsuccess = () => resolve(req.result?.retentionDays);
              req.onerror = () => resolve(undefined);
            });
          const revision = async () => (await chrome.storage.local.get('dataRevision')).dataRevision;
          const timeRetention = async () => {
            // Nothing stored until the user first saves: the options page then starts from the defaults.
            const current = (await chrome.storage.local.get('settings')).settings ?? defaults;
            const revisionBefore = await revision();
            const t0 = performance.now();
            // The worker is the one writer of settings: the change goes through it, as the options page sends it.
            // It answers once it has pruned and then judged every account again; the figure ends at the prune, so
            // the answer is awaited after it.
            let answered = false;
            const answer = chrome.runtime
              .sendMessage({ type: 'saveSettings', payload: { settings: { ...current, retentionDays: days } } })
              .finally(() => {
                answered = true;
              });
            while ((await prunedFor()) !== days) {
              if (answered) {
                const saved = await answer;
                if (!saved?.ok) throw new Error(`saveSettings refused: ${saved?.error}`);
              }
              if (performance.now() - t0 > 120_000) throw new Error('retention did not run after the setting changed');
              await new Promise((r) => setTimeout(r, 5));
            }
            const ms = performance.now() - t0;
            const saved = await answer;
            if (!saved?.ok) throw new Error(`saveSettings refused: ${saved?.error}`);
            // The worker then judges every account again under the new settings and bumps the data revision: the
            // next pair starts after that (its setting change would otherwise wait behind this judging).
            while ((await revision()) === revisionBefore) {
              if (performance.now() - t0 > 300_000)
                throw new Error('the worker did not finish after the setting changed');
              await new Promise((r) => setTimeout(r, 50));
            }
            return ms;
          };
          const before = await rows();
          const floor = floorFirst ? await timeFloor() : undefined;
          const ms = await timeRetention();
          const floorMs = floor ?? (await timeFloor());
          const after = await rows();
          const cutoff = Date.now() - days * DAY;
          const olderLeft = await new Promise((resolve) => {
            const req = db.transaction('logins').objectStore('logins').getAll();
            req.onsuccess = () =>
              resolve(req.result.filter((l) => l.time !== undefined && l.time < cutoff - 60_000).length);
          });
          db.close();
          floorDb.close();
          return { ms, floor: floorMs, before, after, olderLeft, days, seeded };
        },
        { name: DB_NAME, days: base + i, DAY, floorFirst: i % 2 === 0, defaults },
      ),
    );
  }
  await page.close();
  const last = runs[runs.length - 1];
  return {
    ...last,
    ms: summarise(runs.map((r) => r.ms)),
    floor: summarise(runs.map((r) => r.floor)),
    ratio: summarise(runs.map((r) => r.ms / r.floor)),
    olderLeft: Math.max(...runs.map((r) => r.olderLeft)),
  };
}

const POPUP_RUNS = 9;

/** Marks, in the popup, the moment its 20 cards are in the DOM and the moment all 20 session tables are. */
const POPUP_PROBE = (
  want,
) => `// When the first script's overview question is answered (information: the rest is the popup's own).
globalThis.sessionWatchdogFirstAnswers?.getOverview?.then(() => performance.mark('bench-answered'));
new MutationObserver((_, observer) => {
  if (!performance.getEntriesByName('bench-data-ready').length && document.querySelectorAll('.card').length >= ${want})
    performance.mark('bench-data-ready');
  // The cards as the UI code draws them (over the first script's first look, which has no test ids).
  if (!performance.getEntriesByName('bench-ui-ready').length && document.querySelectorAll('[data-testid="account-card"]').length >= ${want})
    performance.mark('bench-ui-ready');
  // Cards below the fold draw their session tables right after the first paint (popup/first-paint.ts).
  if (document.querySelectorAll('.card table.sessions').length >= ${want}) {
    performance.mark('bench-tables-ready');
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });`;

/**
 * Writes, for the time of the figure, a copy of the shipped popup page with one more classic script at the end of
 * its body (the probe above: in place before the UI code runs, as module scripts run once the page is parsed; not
 * beside the popup's first script, whose question a blocking fetch there would delay), and the floor's bare page:
 * one tiny script that asks getOverview. Returns their URLs and a cleanup.
 */
function writeProbePages(extensionId) {
  const files = {
    'bench-probe.js': POPUP_PROBE(ACCOUNTS),
    'popup/bench.html': readFileSync(join(DIST, 'popup', 'index.html'), 'utf8').replace(
      /<\/body>/,
      '<script src="/bench-probe.js"></script></body>',
    ),
    'bench-floor.html': '<!doctype html><meta charset="utf-8"><script src="/bench-floor.js"></script>',
    'bench-floor.js':
      "chrome.runtime.sendMessage({ type: 'getOverview', payload: {} }).then(() => performance.mark('bench-answered'));",
  };
  if (!files['popup/bench.html'].includes('/bench-probe.js')) throw new Error('popup/index.html has no body');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(DIST, name), text);
  const base = `chrome-extension://${extensionId}`;
  return {
    popup: `${base}/popup/bench.html`,
    floor: `${base}/bench-floor.html`,
    remove: () => {
      for (const name of Object.keys(files)) rmSync(join(DIST, name), { force: true });
    },
  };
}

/**
 * Popup open → 20 cards, and → every session table, in the bare browser (no automation attached), from navigation
 * start in the popup's own clock; with the floor under it: a bare extension page whose one script asks getOverview,
 * no UI code, no render. Opens alternate popup / floor so both see the same machine. The first open of each is
 * dropped (it compiles the code; a user's first open does too, but once).
 */
async function benchPopupBare(profile, extensionId) {
  const pages = writeProbePages(extensionId);
  const bare = await launchBare(profile);
  const ready = [];
  const complete = [];
  const answered = [];
  const byUi = [];
  const floor = [];
  try {
    for (let i = 0; i < POPUP_RUNS + 1; i++) {
      // The two take turns going first.
      const openFloor = () => bare.open(pages.floor, ['bench-answered']);
      const first = i % 2 === 1 ? await openFloor() : undefined;
      const [t, all, answer, drawn] = await bare.open(pages.popup, [
        'bench-data-ready',
        'bench-tables-ready',
        'bench-answered',
        'bench-ui-ready',
      ]);
      const [f] = first ?? (await openFloor());
      if (i === 0) continue;
      ready.push(t);
      complete.push(all);
      answered.push(answer);
      byUi.push(drawn);
      floor.push(f);
    }
  } finally {
    await bare.close();
    pages.remove();
  }
  return {
    ...summarise(ready),
    complete: summarise(complete),
    answered: summarise(answered),
    byUi: summarise(byUi),
    floor: summarise(floor),
    ratio: summarise(ready.map((t, i) => t / floor[i])),
    samples: ready,
  };
}

/** The same figure with Playwright driving the page (attached from its start, running the probe as an init script). */
async function benchPopupDriven(ext) {
  const samples = [];
  for (let i = 0; i < POPUP_RUNS + 1; i++) {
    const page = await ext.context.newPage();
    await page.addInitScript(POPUP_PROBE(ACCOUNTS));
    await page.goto(`chrome-extension://${ext.extensionId}/popup/index.html`);
    const t = await until(
      () => page.evaluate(() => performance.getEntriesByName('bench-data-ready')[0]?.startTime),
      'the popup to show 20 accounts',
    );
    if (i > 0) samples.push(t);
    await page.close();
  }
  return summarise(samples);
}

/**
 * The floor of a cold start: a bare worker answering the same question from the same database. A dedicated worker
 * started from an extension page (same origin, so the same IndexedDB) that opens the worker's database and reads
 * what getOverview reads (accounts, summaries, meta in one transaction; the first few login keys of each account)
 * and answers; no listeners, no settings, no code of the extension.
 */
const BARE_WORKER = `onmessage = (e) => {
  const req = indexedDB.open(e.data.name);
  req.onsuccess = () => {
    const db = req.result;
    const tx = db.transaction(['accounts', 'summaries', 'meta', 'logins'], 'readonly');
    const all = (store) => new Promise((resolve) => { const r = tx.objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); });
    Promise.all([all('accounts'), all('summaries'), all('meta')]).then(([accounts, summaries]) =>
      Promise.all(accounts.map((a) => new Promise((resolve) => {
        const r = tx.objectStore('logins').getAllKeys(IDBKeyRange.bound([a.id], [a.id, []]), 5);
        r.onsuccess = () => resolve(r.result.length);
      }))).then(() => { postMessage({ accounts: accounts.length, summaries: summaries.length }); db.close(); }));
  };
};`;

/**
 * Pages the bench adds to the build for the time of a run: a blank extension page (its own scripts come from the
 * bench over CDP) and the bare worker. Returns their URLs and a cleanup.
 */
function writeBenchPages(extensionId) {
  const files = {
    'bench-blank.html': '<!doctype html><meta charset="utf-8"><title>bench</title>',
    'bench-bare-worker.js': BARE_WORKER,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(DIST, name), text);
  const base = `chrome-extension://${extensionId}`;
  return {
    blank: `${base}/bench-blank.html`,
    bareWorker: `${base}/bench-bare-worker.js`,
    remove: () => {
      for (const name of Object.keys(files)) rmSync(join(DIST, name), { force: true });
    },
  };
}

const COLD_RUNS = 11;

/**
 * Stops the worker over CDP (ServiceWorker.stopAllWorkers), then times getOverview from an extension page until
 * the answer arrives: worker start, top-level listeners, opening IndexedDB, reading 20 accounts. Beside each, its
 * floor: the bare worker (BARE_WORKER) started and answering; the two take turns going first.
 */
async function benchColdStart(ext, pages) {
  const page = await ext.context.newPage();
  await page.goto(pages.blank);
  const cdp = await ext.context.newCDPSession(page);
  const status = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) status.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  const ask = () =>
    page.evaluate(async () => {
      const t0 = performance.now();
      const result = await chrome.runtime.sendMessage({ type: 'getOverview', payload: {} });
      return { ms: performance.now() - t0, ok: result?.ok, accounts: result?.value?.accounts?.length };
    });
  const bare = () =>
    page.evaluate(
      async ({ url, name }) => {
        const t0 = performance.now();
        const worker = new Worker(url);
        const answer = await new Promise((resolve, reject) => {
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ name });
        });
        const ms = performance.now() - t0;
        worker.terminate();
        return { ms, accounts: answer.accounts };
      },
      { url: pages.bareWorker, name: DB_NAME },
    );
  const cold = [];
  const warm = [];
  const floor = [];
  let answered;
  for (let i = 0; i < COLD_RUNS; i++) {
    await ask(); // make sure it is running, so the stop below is observed
    await cdp.send('ServiceWorker.stopAllWorkers');
    await until(
      () => [...status.values()].length > 0 && [...status.values()].every((s) => s === 'stopped'),
      'the worker to stop',
    );
    const f = i % 2 === 0 ? await bare() : undefined;
    const c = await ask();
    if (!c.ok) throw new Error('getOverview failed after a cold start');
    answered = c.accounts;
    cold.push(c.ms);
    warm.push((await ask()).ms);
    const b = f ?? (await bare());
    if (b.accounts !== answered)
      throw new Error(`the bare worker read ${b.accounts} accounts, getOverview ${answered}`);
    floor.push(b.ms);
  }
  await page.close();
  return {
    cold: summarise(cold),
    warm: summarise(warm),
    floor: summarise(floor),
    ratio: summarise(cold.map((ms, i) => ms / floor[i])),
    accounts: answered,
    samples: cold,
  };
}

/**
 * `only`: 'store' runs the storage figures alone (the scan stored, getOverview during judging, retention), 'retention'
 * retention alone; 'extract'
 * the extraction alone; 'popup' the seeding, popup and cold-start parts alone; anything else runs every part.
 */
export async function benchBrowser(log = () => {}, { only } = {}) {
  const results = {};
  let ext;
  let pages;
  if (only !== 'popup' && only !== 'cold') {
    ext = await launch();
    pages = writeBenchPages(ext.extensionId);
    try {
      // Each figure measured again while its samples spread wider than their median (steadyRounds).
      if (only !== 'store') {
        log('extraction');
        results.extraction = {};
        for (const rows of EXTRACT_SIZES) {
          const r = await steadyRounds(
            () => benchExtraction(ext, [rows]),
            (x) => widestOf(x[rows].worker),
          );
          results.extraction[rows] = { ...r[rows], rounds: r.rounds, spread: r.spread };
        }
      }
      if (only === 'extract') return results;
      if (only !== 'retention') {
        log('storing a 1,000-row scan; getOverview while it is judged');
        results.storeScan = await steadyRounds(
          () => benchStoreScan(ext, pages),
          (r) => widestOf(r.first.total, r.repeat.total),
          2, // each round is 15 scans of 1,000 rows and their judgings
        );
      }
      log('retention after the limit is set (20 accounts, 100k events)');
      results.retention = await steadyRounds(
        () => benchRetention(ext, pages),
        (r) => widestOf(r.ms),
        2, // each round seeds 100k events three times
      );
    } finally {
      await ext.close();
      pages.remove();
    }
  }
  if (only === 'store' || only === 'extract' || only === 'retention') return results;
  // 'cold' (like 'popup' without the popup): the seeding and the worker's cold start alone.
  ext = await launch({ keepProfile: true });
  pages = writeBenchPages(ext.extensionId);
  try {
    try {
      log('seeding 20 accounts / 100k events');
      results.seeded = await seed(ext);
      if (only !== 'cold') log('popup, driven by Playwright');
      const driven = only === 'cold' ? undefined : await benchPopupDriven(ext);
      log('service-worker cold start');
      results.coldStart = await steadyRounds(
        () => benchColdStart(ext, pages),
        (r) => r.samples,
      );
      await ext.close();
      if (only === 'cold') return results;
      log('popup, nothing attached');
      const bare = await steadyRounds(
        () => benchPopupBare(ext.profile, ext.extensionId),
        (r) => r.samples,
      );
      results.popup = { ...bare, driven };
    } finally {
      await ext.close().catch(() => {});
      pages.remove();
    }
  } finally {
    rmSync(ext.profile, { recursive: true, force: true });
  }
  return results;
}
