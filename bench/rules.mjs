// Rules over 1k / 10k / 100k stored login events, in Node (esbuild bundle of src/core), with the context shape
// scan-service builds. Each size runs in a worker thread with a time limit, so a superlinear rule shows up as
// "over, did not finish in N s" with the rule that was running, instead of hanging the benchmark.
// Quick figure without a browser or a build: `node bench/rules.mjs [--sizes 1000,10000] [--no-geo] [--realistic]`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { summarise } from './stats.mjs';

/**
 * `isolates`: how many worker threads (each its own V8 heap) a size is judged in, their pairs pooled. The bare pass
 * over 100k stored rows moved by half from one heap to the next with the same code and data (medians of 6.5 to 10.9
 * ms in three processes on a quiet machine, the rules' time much less), so one heap's floor made the ratio 11× or
 * 17× by chance; three heaps' pairs pooled give one figure for the code.
 */
const SIZES = [
  { n: 1_000, runs: 25, limitMs: 60_000, isolates: 1 },
  { n: 10_000, runs: 15, limitMs: 60_000, isolates: 1 },
  { n: 100_000, runs: 11, limitMs: 90_000, isolates: 3 },
];

/**
 * The size judged in `size.isolates` worker threads and in more (three in all at most) while the pooled samples
 * spread wider than their median; each thread's first pass (the JIT warming) is left out when it has more. The rule
 * by rule pass runs in the first thread only.
 */
async function pooledRuns(size, opts) {
  const pooled = { samples: [], floors: [], perRule: {}, ids: [], findings: 0 };
  let rounds = 0;
  let spread = Number.NaN;
  while (rounds < Math.max(size.isolates, 3)) {
    const r = await runSize(size, { ...opts, perRule: opts.perRule && rounds === 0 });
    rounds++;
    if (rounds === 1) Object.assign(pooled, { perRule: r.perRule, ids: r.ids });
    pooled.findings = r.findings;
    if (r.timedOut) return { ...pooled, ...r, perRule: pooled.perRule, rounds, spread };
    const from = r.samples.length > 2 ? 1 : 0;
    pooled.samples.push(...r.samples.slice(from));
    pooled.floors.push(...r.floors.slice(from));
    const s = summarise(pooled.samples.length ? pooled.samples : [Number.NaN]);
    spread = (s.max - s.min) / s.median;
    if (rounds >= size.isolates && s.max - s.min <= s.median) break;
  }
  return { ...pooled, timedOut: false, rounds, spread };
}

function runSize({ n, runs, limitMs }, { withGeo, perRule, history }) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./rules-worker.mjs', import.meta.url), {
      workerData: { n, runs, spendMs: limitMs / 4, withGeo, perRule, history },
    });
    const state = { ids: [], perRule: {}, samples: [], floors: [], findings: 0, running: undefined };
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ ...state, timedOut: true, limitMs });
    }, limitMs);
    worker.on('message', (m) => {
      if (m.type === 'rules') state.ids = m.ids;
      else if (m.type === 'rule-start') state.running = m.id;
      else if (m.type === 'rule') {
        state.perRule[m.id] = m.ms;
        state.running = undefined;
      } else if (m.type === 'sample') {
        state.samples.push(m.ms);
        state.floors.push(m.floor);
        state.findings = m.findings;
      } else if (m.type === 'done') {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ ...state, timedOut: false });
      }
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * `withGeo` judges with the worker's place and hosting lookups, as scan-service does; `perRule` first times
 * each rule alone (the table's "slowest" note). `history` is 'adversarial' (every sign-in from a random city and
 * a fresh address: the worst case) or 'realistic' (a user's own few devices and places, a few strangers).
 */
export async function benchRules(
  log = () => {},
  { sizes = SIZES.map((s) => s.n), withGeo = true, perRule = true, history = 'adversarial' } = {},
) {
  const out = { sizes: {}, withGeo, history };
  for (const size of SIZES.filter((s) => sizes.includes(s.n))) {
    log(`rules over ${size.n} events, ${history} history${withGeo ? '' : ' (no geo lookups)'}`);
    // Pooled over worker threads, more of them while the samples spread wider than their median.
    const r = await pooledRuns(size, { withGeo, perRule, history });
    out.ruleIds = r.ids;
    const { samples, floors } = r;
    const none = { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
    out.sizes[size.n] = {
      ...(samples.length ? summarise(samples) : none),
      // A bare pass over the same events reading the same fields, timed beside each pass of the rules.
      floor: floors.length ? summarise(floors) : none,
      ratio: floors.length ? summarise(samples.map((ms, i) => ms / floors[i])) : none,
      findings: r.findings,
      perRule: r.perRule,
      timedOut: r.timedOut,
      limitMs: r.limitMs,
      stuckIn: r.running,
      rounds: r.rounds,
      spread: r.spread,
    };
  }
  out.ruleCount = out.ruleIds?.length ?? 0;
  out.ratio100kTo10k = (out.sizes[100000]?.median ?? Number.NaN) / (out.sizes[10000]?.median ?? Number.NaN);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--sizes');
  const sizes = at >= 0 ? (argv[at + 1] ?? '').split(',').map(Number) : undefined;
  const r = await benchRules((w) => process.stderr.write(`… ${w}\n`), {
    sizes,
    withGeo: !argv.includes('--no-geo'),
    perRule: !argv.includes('--no-per-rule'),
    history: argv.includes('--realistic') ? 'realistic' : 'adversarial',
  });
  for (const [n, f] of Object.entries(r.sizes)) {
    const slow = Object.entries(f.perRule)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id, ms]) => `${id} ${ms.toFixed(1)}`)
      .join(', ');
    const time = f.timedOut
      ? `did not finish in ${f.limitMs / 1000} s (stuck in ${f.stuckIn ?? '?'})`
      : `median ${f.median.toFixed(1)} ms (${f.min.toFixed(1)}–${f.max.toFixed(1)}, n=${f.n}); bare pass ${f.floor.median.toFixed(2)} ms, ratio ${f.ratio.median.toFixed(1)}×`;
    console.log(
      `rules over ${Number(n).toLocaleString('en')} events: ${time}; ${f.findings} findings; slowest alone: ${slow}`,
    );
  }
  if (!Number.isNaN(r.ratio100kTo10k)) console.log(`100k ÷ 10k: ${r.ratio100kTo10k.toFixed(2)}×`);
}
