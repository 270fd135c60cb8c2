// The findings oracle for work on the rules' speed: `judge` over the benchmark's synthetic histories (both kinds,
// several sizes, with the data tables), plus variants that take other paths (a time zone, a trusted device with
// address ranges, every sign-in judged), written as one stable JSON. An optimisation must leave it byte-identical:
//   node bench/rules-oracle.mjs --write /tmp/before.json   (on the code before)
//   node bench/rules-oracle.mjs --check /tmp/before.json   (on the code after; exits 1 on any difference)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleRules, ROOT } from './bundle.mjs';
import { benchContext } from './rules-context.mjs';
import { NOW } from './synthetic.mjs';

const argv = process.argv.slice(2);
const arg = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const sizes = (arg('--sizes') ?? '1000,10000,100000').split(',').map(Number);

const { judge, allRules, defaultThresholds, getGeo, useDataFiles, diskDataReader, withAddressValue } =
  await bundleRules();
useDataFiles(diskDataReader(join(ROOT, 'src', 'data', 'generated')));
const geo = await getGeo();

const VARIANTS = {
  bench: (ctx) => ctx,
  // Hours read in the user's zone, a trusted device that sets ranges (trust then depends on the address), a
  // schedule, and the whole history judged.
  other: (ctx) => ({
    ...ctx,
    timeZone: 'Asia/Hong_Kong',
    trustedDevices: [
      ...ctx.trustedDevices,
      { id: 't3', name: 'Office', pattern: 'Firefox * Windows', ipRanges: ['198.0.0.0/8'], createdAt: NOW - 1e9 },
    ],
    schedules: [
      {
        id: 's1',
        name: 'Work',
        timeZone: 'Europe/London',
        windows: [{ days: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 18 * 60 }],
      },
    ],
    thresholds: { ...ctx.thresholds, historyLookbackDays: 0 },
  }),
};

const out = {};
for (const history of ['adversarial', 'realistic']) {
  for (const n of sizes) {
    for (const [name, variant] of Object.entries(VARIANTS)) {
      const ctx = variant({ ...benchContext(n, history, defaultThresholds, withAddressValue), geo });
      out[`${history} ${n} ${name}`] = judge(ctx, allRules);
    }
  }
}
const text = JSON.stringify(out, null, 1);
const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
const counts = Object.entries(out)
  .map(([k, v]) => `${k}: ${v.length}`)
  .join('; ');
console.log(`${counts}\nsha256 ${hash}`);
if (arg('--write')) writeFileSync(arg('--write'), text);
if (arg('--check')) {
  // Key by key, so a check of some sizes (`--sizes 1000,10000`) compares against a file written with all of them.
  const before = JSON.parse(readFileSync(arg('--check'), 'utf8'));
  const differ = Object.keys(out).filter((k) => JSON.stringify(before[k], null, 1) !== JSON.stringify(out[k], null, 1));
  for (const k of differ) console.error(`differs: ${k}`);
  if (differ.length) process.exit(1);
  console.log('identical');
}
