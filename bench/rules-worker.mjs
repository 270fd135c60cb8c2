// Runs in a worker thread so a rule that does not finish can be stopped: rules over `n` synthetic login events.

import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { bundleRules, ROOT } from './bundle.mjs';
import { benchContext } from './rules-context.mjs';

const { n, runs, spendMs, withGeo, perRule = true, history = 'adversarial' } = workerData;
const { runRules, judge, allRules, defaultThresholds, getGeo, useDataFiles, diskDataReader, withAddressValue } =
  await bundleRules();
// As scan-service's contextFor hands it over: logins oldest first (that sort is not timed).
const ctx = benchContext(n, history, defaultThresholds, withAddressValue);
// As scan-service hands it over; loading the tables is not timed here (bench/tables.mjs times it; the worker keeps
// them once built).
if (withGeo) {
  useDataFiles(diskDataReader(join(ROOT, 'src', 'data', 'generated')));
  ctx.geo = await getGeo();
}
parentPort.postMessage({ type: 'rules', ids: allRules.map((r) => r.id) });
// One pass rule by rule first: when a size is too slow, this says which rule.
for (const rule of perRule ? allRules : []) {
  parentPort.postMessage({ type: 'rule-start', id: rule.id });
  const t0 = performance.now();
  const findings = runRules({ ...ctx }, [rule]).length;
  parentPort.postMessage({ type: 'rule', id: rule.id, ms: performance.now() - t0, findings });
}
/**
 * The floor: one bare pass over the same events reading every field a rule reads (time, address and its stored
 * value, device, place, outcome, second factor, kind, identity), folded into a number so none of the reads can be skipped.
 */
function barePass(events) {
  let h = 0;
  for (const l of events) {
    h +=
      ((l.time ?? 0) % 7) +
      (l.ip?.length ?? 0) +
      (l.ipValue ?? 0) +
      l.device.length +
      (l.location?.length ?? 0) +
      (l.outcome === 'failed' ? 1 : 0) +
      (l.secondFactor?.length ?? 0) +
      (l.kind?.length ?? 0) +
      l.key.length +
      l.accountId.length;
  }
  return h;
}
const started = performance.now();
let sink = 0;
for (let i = 0; i < runs && (i < 2 || performance.now() - started < spendMs); i++) {
  // Floor and figure alternate (and take turns going first), so a busy moment of the machine hits both alike.
  const timeFloor = () => {
    const t0 = performance.now();
    sink += barePass(ctx.logins);
    return performance.now() - t0;
  };
  const floorFirst = i % 2 === 0 ? timeFloor() : undefined;
  // A fresh context per pass, as each scan builds one: what the rules derive from it is not carried over.
  const fresh = { ...ctx };
  const t0 = performance.now();
  const findings = judge(fresh, allRules).length;
  const ms = performance.now() - t0;
  const floor = floorFirst ?? timeFloor();
  parentPort.postMessage({ type: 'sample', ms, floor, findings });
}
parentPort.postMessage({ type: 'done', sink });
