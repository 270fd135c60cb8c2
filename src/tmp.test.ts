import { test } from 'vitest';
import * as F from './core/extract/fields';
import { classifyHeading, classifyLabel } from './core/extract/labels';
import { parseTime } from './core/extract/time';

test('x', () => {
  for (const u of ['+1 *', 'a', '*', '1 ', '1:', '1.', 'ago 1 ', '1 min ', '@*', ': ']) {
    const s = F.cleanText(u.repeat(4000 / u.length));
    const fns: [string, () => unknown][] = [
      ['ip', () => F.parseIp(s)],
      ['dev', () => F.looksLikeDevice(s)],
      ['loc', () => F.looksLikeLocation(s)],
      ['time', () => parseTime(s, { now: 0 })],
      ['label', () => classifyLabel(s)],
      ['head', () => classifyHeading(s)],
      ['status', () => F.parseStatus(s)],
      ['outcome', () => F.parseOutcome(s)],
      ['cur', () => F.currentMarkerStrength(s)],
      ['strip', () => F.stripCurrentMarker(s)],
      ['factor', () => F.parseSecondFactor(s)],
      ['kind', () => F.parseKind(s)],
    ];
    const out: string[] = [];
    for (const [n, f] of fns) {
      const t = performance.now();
      for (let i = 0; i < 20; i++) f();
      out.push(`${n}=${((performance.now() - t) / 20).toFixed(3)}`);
    }
    console.log(JSON.stringify(u), out.join(' '));
  }
});
