// `node bench/popup-trace.mjs [--runs N]`: where the popup's time to data goes, phase by phase, in real Chromium
// with the built extension (dist/chrome) and the benchmark's 20 accounts / 100k events. Prints medians of each
// phase (from navigation start, in the popup's clock; worker times aligned through performance.timeOrigin).
import { launch, seed, until } from './browser.mjs';
import { summarise } from './stats.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 9;

/** In the popup before any of its scripts: times of each message sent and answered, the first card, 20 cards. */
function popupProbe() {
  const t = { sent: {}, answered: {} };
  globalThis.__swTrace = t;
  const wrap = (api) => {
    const send = api.runtime.sendMessage.bind(api.runtime);
    api.runtime.sendMessage = (msg, ...rest) => {
      const type = msg?.type ?? '?';
      t.sent[type] ??= performance.now();
      const cb = typeof rest[rest.length - 1] === 'function' ? rest.pop() : undefined;
      if (cb) {
        return send(msg, ...rest, (r) => {
          t.answered[type] ??= performance.now();
          cb(r);
        });
      }
      return send(msg, ...rest).then((r) => {
        t.answered[type] ??= performance.now();
        return r;
      });
    };
  };
  wrap(chrome);
  new MutationObserver(() => {
    const n = document.querySelectorAll('.card').length;
    if (n > 0) t.firstCard ??= performance.now();
    if (n >= 20) t.ready ??= performance.now();
    // The cards the UI code draws (the first script's first look has no test ids).
    if (document.querySelectorAll('[data-testid="account-card"]').length >= 20) t.uiReady ??= performance.now();
    if (document.querySelectorAll('table.sessions').length >= 20) t.tables ??= performance.now();
    if (document.querySelector('main')) t.firstRender ??= performance.now();
  }).observe(document, { childList: true, subtree: true });
}

/** In the worker: when each message arrives (before the extension's own listener sees it). */
function workerProbe() {
  if (globalThis.__swTraceW) return;
  globalThis.__swTraceW = [];
  chrome.runtime.onMessage.addListener((m) => {
    globalThis.__swTraceW.push({ type: m?.type, at: performance.timeOrigin + performance.now() });
    return undefined;
  });
}

/** The popup renderer's main thread, task by task: when, how long, and what inside took the time. */
function printTrace(events) {
  const parse = events.find((e) => e.name === 'ParseHTML' && JSON.stringify(e.args ?? {}).includes('popup/index.html'));
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === parse?.pid);
  if (!parse) {
    const names = [
      ...new Set(
        events
          .filter((e) => /Parse|navigation/i.test(e.name))
          .map((e) => `${e.name} ${JSON.stringify(e.args).slice(0, 200)}`),
      ),
    ];
    console.log('trace: no ParseHTML of the popup found', names.slice(0, 10));
    return;
  }
  const t0 = nav?.ts ?? parse.ts;
  const mine = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = mine.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
  if (args.includes('--trace-all')) {
    // Every event that names one of the popup's files, in any process: where a resource load waits.
    const named = events
      .filter((e) => /first-request|index\.html|assets\//.test(JSON.stringify(e.args ?? {})))
      .sort((a, b) => a.ts - b.ts);
    for (const e of named.slice(0, 80)) {
      const file = JSON.stringify(e.args).match(/[\w.-]+\.(?:js|css|html)/)?.[0];
      console.log(
        `${((e.ts - t0) / 1000).toFixed(1).padStart(7)} ${e.ph} ${e.dur ? `+${(e.dur / 1000).toFixed(1)}` : ''} pid ${e.pid} ${e.name} ${file}`,
      );
    }
  }
  console.log('trace of one open (popup main thread): start ms +dur ms: what inside (ms)');
  for (const task of tasks.sort((a, b) => a.ts - b.ts)) {
    if (task.dur < 1000) continue;
    const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const byName = new Map();
    for (const e of inside) {
      if (/RunTask|ThreadController/.test(e.name)) continue;
      byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
    }
    const what = [...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    console.log(
      `${((task.ts - t0) / 1000).toFixed(1).padStart(7)} +${(task.dur / 1000).toFixed(1).padStart(6)}: ${what}`,
    );
  }
}

/** Self time by function (name, file:line) of a CPU profile, top 25. */
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    self.set(k, (self.get(k) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  console.log('profile (one open): self ms, function');
  for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${ms.toFixed(1).padStart(8)}  ${k}`);
  }
}

const ext = await launch();
try {
  await seed(ext);
  const rows = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await ext.worker.evaluate(workerProbe);
    await ext.worker.evaluate(() => {
      globalThis.__swTraceW.length = 0;
    });
    const page = await ext.context.newPage();
    await page.addInitScript(popupProbe);
    const tracing = i === RUNS && args.includes('--trace');
    const cdp = tracing ? await ext.context.newCDPSession(page) : undefined;
    const events = [];
    if (cdp) {
      cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
      await cdp.send('Tracing.start', {
        categories: 'devtools.timeline,v8.execute,blink.user_timing,disabled-by-default-devtools.timeline,loading',
        transferMode: 'ReportEvents',
      });
    }
    const profiling = i === RUNS && args.includes('--profile');
    const prof = profiling ? await ext.context.newCDPSession(page) : undefined;
    if (prof) {
      await prof.send('Profiler.enable');
      await prof.send('Profiler.setSamplingInterval', { interval: 100 });
      await prof.send('Profiler.start');
    }
    await page.goto(`chrome-extension://${ext.extensionId}/popup/index.html`);
    await until(() => page.evaluate(() => globalThis.__swTrace?.tables), 'cards and their tables');
    if (prof) printProfile((await prof.send('Profiler.stop')).profile);
    if (cdp) {
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
      printTrace(events);
    }
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').map((e) => ({
        name: e.name.split('/').pop(),
        start: e.startTime,
        end: e.responseEnd,
      }));
      const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
      return {
        origin: performance.timeOrigin,
        nav: { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd },
        res,
        marks,
        trace: globalThis.__swTrace,
      };
    });
    const w = await ext.worker.evaluate(() => globalThis.__swTraceW);
    r.worker = w.map((x) => ({ type: x.type, at: x.at - r.origin }));
    if (i > 0) rows.push(r);
    await page.close();
  }
  const phases = {};
  const add = (k, v) => {
    if (typeof v !== 'number') return;
    phases[k] ??= [];
    phases[k].push(v);
  };
  for (const r of rows) {
    add('html received (responseEnd)', r.nav.responseEnd);
    for (const x of r.res) add(`script/css loaded: ${x.name.replace(/-[\w-]{8}\./, '.')}`, x.end);
    add('domInteractive', r.nav.domInteractive);
    for (const [k, v] of Object.entries(r.marks)) add(`mark ${k}`, v);
    for (const [k, v] of Object.entries(r.trace.sent)) add(`sent ${k}`, v);
    for (const x of r.worker) add(`worker got ${x.type}`, x.at);
    for (const [k, v] of Object.entries(r.trace.answered)) add(`answered ${k}`, v);
    add('DOMContentLoaded end', r.nav.dcl);
    add('first render (main)', r.trace.firstRender);
    add('first card', r.trace.firstCard);
    add('20 cards (data ready)', r.trace.ready);
    add('20 cards drawn by the UI code', r.trace.uiReady);
    add('20 session tables', r.trace.tables);
  }
  const lines = Object.entries(phases)
    .map(([k, v]) => [k, summarise(v)])
    .sort((a, b) => a[1].median - b[1].median);
  for (const [k, s] of lines) {
    console.log(`${s.median.toFixed(1).padStart(7)} ms  (${s.min.toFixed(1)}–${s.max.toFixed(1)})  ${k}`);
  }
  // Spans within one open (less noisy than the times from navigation start): the popup's own part after its answer.
  const spans = {
    'overview answered → 20 cards': (r) => r.trace.ready - r.trace.answered.getOverview,
    'overview answered → 20 cards drawn by the UI code': (r) => r.trace.uiReady - r.trace.answered.getOverview,
    'first script ran → overview answered': (r) => r.trace.answered.getOverview - r.trace.sent.getOverview,
    'overview answered → 20 session tables': (r) => r.trace.tables - r.trace.answered.getOverview,
  };
  for (const [k, span] of Object.entries(spans)) {
    const s = summarise(rows.map(span).filter(Number.isFinite));
    console.log(`${s.median.toFixed(1).padStart(7)} ms  (${s.min.toFixed(1)}–${s.max.toFixed(1)})  span: ${k}`);
  }
} finally {
  await ext.close();
}
