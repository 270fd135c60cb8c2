// Rules over 1k / 10k / 100k stored login events, in Node (esbuild bundle of src/core), with the context shape
// scan-service builds. Each size runs in a worker thread with a time limit, so a superlinear rule shows up as
// "over, did not finish in N s" with the rule that was running, instead of hanging the benchmark.
import { Worker } from 'node:worker_threads';
import { summarise } from './stats.mjs';

const SIZES = [
  { n: 1_000, runs: 25, limitMs: 60_000 },
  { n: 10_000, runs: 15, limitMs: 60_000 },
  { n: 100_000, runs: 7, limitMs: 90_000 },
];

function runSize({ n, runs, limitMs }) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./rules-worker.mjs', import.meta.url), {
      workerData: { n, runs, spendMs: limitMs / 4 },
    });
    const state = { ids: [], perRule: {}, samples: [], findings: 0, running: undefined };
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

export async function benchRules(log = () => {}) {
  const out = { sizes: {} };
  for (const size of SIZES) {
    log(`rules over ${size.n} events`);
    const r = await runSize(size);
    out.ruleIds = r.ids;
    // The first full pass warms the JIT; keep it only when it is all there is.
    const samples = r.samples.length > 2 ? r.samples.slice(1) : r.samples;
    out.sizes[size.n] = {
      ...(samples.length ? summarise(samples) : { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 }),
      findings: r.findings,
      perRule: r.perRule,
      timedOut: r.timedOut,
      limitMs: r.limitMs,
      stuckIn: r.running,
    };
  }
  out.ruleCount = out.ruleIds?.length ?? 0;
  const a = out.sizes[100000].median;
  const b = out.sizes[10000].median;
  out.ratio100kTo10k = a / b;
  return out;
}
