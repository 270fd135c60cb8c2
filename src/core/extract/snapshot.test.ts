// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { build, page } from './dom-test-helpers';
import { extractScan } from './extract-scan';
import {
  fromSnapshot,
  isAttrName,
  isTag,
  MAX_SNAP_ATTR,
  MAX_SNAP_CHARS,
  MAX_SNAP_CHILDREN,
  MAX_SNAP_DEPTH,
  MAX_SNAP_NODES,
  MAX_SNAP_TEXT,
  parseSnapshot,
  type SnapElement,
  type SnapshotElement,
  snapshotDom,
} from './snapshot';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../e2e/fixtures');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .sort();

/** Through the wire: what the content script sends is JSON-able and checked by the worker. */
function roundTrip(tree: SnapElement): SnapElement {
  const parsed = parseSnapshot(JSON.parse(JSON.stringify(tree)));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('the worker reads a snapshot exactly as the page', () => {
  test.each(pages)('%s', (file) => {
    const { now, timeZone, url } = JSON.parse(
      readFileSync(join(dir, file.replace(/\.html$/, '.expected.json')), 'utf8'),
    ) as { now: string; timeZone?: string; url: string };
    const doc = new DOMParser().parseFromString(readFileSync(join(dir, file), 'utf8'), 'text/html');
    const opts = { url, now: Date.parse(now), timeZone };
    const snap = fromSnapshot(roundTrip(snapshotDom(doc)));
    const direct = extractScan(doc, opts);
    expect(extractScan(snap, opts)).toStrictEqual(direct);
    // The content script's root: body, with the page's lang from its document.
    const body = fromSnapshot(roundTrip(snapshotDom(doc)));
    expect(extractScan((body as { body: SnapshotElement }).body, opts)).toStrictEqual(extractScan(doc.body, opts));
  });

  test('random DOMs, as a parser builds them', () => {
    const URL = 'https://www.binance.com/en/my/security/device-management';
    const NOW = Date.UTC(2026, 3, 14, 15);
    fc.assert(
      fc.property(page, fc.constantFrom('en', 'zh-CN', 'ar', ''), ({ head, row, copies, tail }, lang) => {
        const doc = document.implementation.createHTMLDocument('');
        if (lang) doc.documentElement.setAttribute('lang', lang);
        const list = doc.createElement('div');
        for (let i = 0; i < copies; i++) list.append(build(doc, row, true));
        doc.body.append(build(doc, head, true), list, build(doc, tail, true));
        const opts = { url: URL, now: NOW };
        const fromDoc = fromSnapshot(roundTrip(snapshotDom(doc)));
        expect(extractScan(fromDoc, opts)).toStrictEqual(extractScan(doc, opts));
        // An element snapshot with the page's lang passed beside it.
        const fromBody = fromSnapshot(roundTrip(snapshotDom(doc.body)), { lang: lang || undefined });
        expect(extractScan(fromBody, opts)).toStrictEqual(extractScan(doc.body, opts));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS) || 100 },
    );
  });
});

describe('snapshotDom keeps only what the extractor reads, within caps', () => {
  test('no comments, no code, only the attributes the extractor reads', () => {
    const doc = new DOMParser().parseFromString(
      `<html lang="de"><body><!-- c --><div class="row" id="x" style="color:red" data-uid="42" onclick="evil()"
        data-last-seen="2026-04-14T14:12:00Z" data-x="Mozilla/5.0 (X11) Gecko/20100101">a<b>b</b></div>
        <script>${'x'.repeat(5000)}</script></body></html>`,
      'text/html',
    );
    const snap = snapshotDom(doc);
    const json = JSON.stringify(snap);
    expect(json).not.toContain('evil');
    expect(json).not.toContain('color:red');
    expect(json).not.toContain('"id"');
    expect(json).not.toContain(' c ');
    expect(json).toContain('"lang","de"');
    expect(json).toContain('"data-uid","42"');
    expect(json).toContain('"data-last-seen"');
    expect(json).toContain('"data-x"');
    expect(json.length).toBeLessThan(1000);
  });

  test('attributes past the 32 the extractor iterates stay readable by name only', () => {
    const el = document.createElement('div');
    for (let i = 0; i < 40; i++) el.setAttribute(`data-n${i}`, 'Mozilla/5.0 (X11) Gecko/1');
    el.setAttribute('title', '2026-04-14 14:12');
    const node = fromSnapshot(roundTrip(snapshotDom(el))) as unknown as Element;
    expect(node.getAttribute('title')).toBe('2026-04-14 14:12');
    expect(Array.from(node.attributes, (a) => a.name)).toHaveLength(32);
    expect(Array.from(node.attributes, (a) => a.name)).not.toContain('title');
  });

  test('a 5,000-deep page: cut at the depth cap, its text kept, no stack overflow', () => {
    // Built inside out and never connected: jsdom's own attach steps recurse past the stack.
    let chain = document.createElement('div');
    chain.textContent = 'deepest';
    for (let i = 0; i < 5000; i++) {
      const d = document.createElement('div');
      d.append(chain);
      chain = d;
    }
    const snap = snapshotDom(chain);
    let depth = 0;
    for (let n: unknown = snap; Array.isArray(n); n = n[n.length - 1]) depth++;
    expect(depth).toBe(MAX_SNAP_DEPTH + 1);
    expect(parseSnapshot(snap).ok).toBe(true);
    expect((fromSnapshot(snap) as unknown as Element).textContent).toBe('deepest');
  });

  test('a page over the node cap is cut, and the cut snapshot is valid', () => {
    const doc = document.implementation.createHTMLDocument('');
    for (let l = 0; l < 40; l++) {
      const list = doc.createElement('ul');
      for (let i = 0; i < 2000; i++) list.append(doc.createElement('li'), 'x');
      doc.body.append(list);
    }
    const snap = snapshotDom(doc);
    expect(JSON.stringify(snap).match(/\["li"/g)!.length).toBeLessThan(MAX_SNAP_NODES / 2);
    expect(parseSnapshot(snap).ok).toBe(true);
  });

  test('a 10 MB session table: the copy stays under its size cap and still reads as a capped session list', () => {
    const doc = document.implementation.createHTMLDocument('');
    const table = doc.createElement('table');
    const head = doc.createElement('tr');
    for (const label of ['Device', 'IP Address', 'Location', 'Last Active']) {
      const th = doc.createElement('th');
      th.textContent = label;
      head.append(th);
    }
    table.append(doc.createElement('thead'));
    table.tHead?.append(head);
    const body = doc.createElement('tbody');
    const filler = 'Chrome on Windows '.repeat(560); // ~10 KB per cell
    for (let i = 0; i < 1000; i++) {
      const tr = doc.createElement('tr');
      for (const text of [filler, `198.18.${i >> 8}.${i & 255}`, 'Paris, FR', '5 minutes ago']) {
        const td = doc.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    doc.body.append(table);
    expect(doc.body.textContent!.length).toBeGreaterThan(10_000_000);
    const json = JSON.stringify(snapshotDom(doc));
    expect(json.length).toBeLessThan(8_500_000);
    const parsed = parseSnapshot(JSON.parse(json));
    expect(parsed.ok).toBe(true);
    const scan = extractScan(fromSnapshot(JSON.parse(json)), {
      url: 'https://x.example/',
      now: 0,
    });
    expect(scan.sessions.length).toBeGreaterThan(0);
    expect(Math.max(...scan.sessions.map((x) => x.device.length))).toBeLessThanOrEqual(500);
  });

  test('a list longer than the extractor reads is cut after its first rows', () => {
    const list = document.createElement('ul');
    for (let i = 0; i < MAX_SNAP_CHILDREN + 500; i++) list.append(document.createElement('li'), ' ');
    const snap = snapshotDom(list);
    expect(snap.filter((c) => Array.isArray(c))).toHaveLength(MAX_SNAP_CHILDREN);
    expect(parseSnapshot(snap).ok).toBe(true);
  });

  test('long texts and attribute values are cut to their caps', () => {
    const el = document.createElement('div');
    el.setAttribute('title', 't'.repeat(MAX_SNAP_ATTR * 2));
    el.append('z'.repeat(MAX_SNAP_TEXT * 3));
    const snap = snapshotDom(el);
    expect((snap[1] as string[])[1]).toHaveLength(MAX_SNAP_ATTR);
    expect(snap[2]).toHaveLength(MAX_SNAP_TEXT);
  });
});

describe('parseSnapshot refuses what a page could send that is not a snapshot', () => {
  const deep = (n: number): unknown => {
    let tree: unknown = ['div', 0, 'x'];
    for (let i = 0; i < n; i++) tree = ['div', 0, tree];
    return tree;
  };
  const wide = (n: number): unknown => ['div', 0, ...Array.from({ length: n }, () => 'x')];
  const cyclic: unknown[] = ['div', 0];
  cyclic.push(cyclic);

  test.each([
    ['not an array', { tag: 'div' }],
    ['a string root', 'text'],
    ['null', null],
    ['too short', ['div']],
    ['a number child', ['div', 0, 5]],
    ['an object child', ['div', 0, { 0: 'div', 1: 0 }]],
    ['a null child', ['div', 0, null]],
    ['an empty tag', ['', 0]],
    ['a tag with markup', ['<img>', 0]],
    ['__proto__ as a tag', ['__proto__', 0]],
    ['constructor-like tag with a space', ['a b', 0]],
    ['#document below the top', ['div', 0, ['#document', 0, ['html', 0]]]],
    ['a document of two roots', ['#document', 0, ['html', 0], ['html', 0]]],
    ['attrs as an object', ['div', { class: 'x' }]],
    ['an odd attribute list', ['div', ['class']]],
    ['__proto__ as an attribute', ['div', ['__proto__', 'x']]],
    ['an upper-case attribute', ['div', ['CLASS', 'x']]],
    ['a number attribute value', ['div', ['class', 1]]],
    ['two separators', ['div', ['', '', 'class', 'x', '', '']]],
    ['too many attributes', ['div', Array.from({ length: 200 }, (_, i) => (i % 2 ? 'v' : `data-a${i}`))]],
    ['a huge text', ['div', 0, 'x'.repeat(MAX_SNAP_TEXT + 1)]],
    ['a huge attribute value', ['div', ['title', 'x'.repeat(MAX_SNAP_ATTR + 1)]]],
    ['too deep', deep(MAX_SNAP_DEPTH + 5)],
    ['far too deep', deep(100_000)],
    ['too many nodes', wide(MAX_SNAP_NODES + 5)],
    ['too many element children', ['ul', 0, ...Array.from({ length: MAX_SNAP_CHILDREN + 1 }, () => ['li', 0])]],
    [
      'too much text',
      ['div', 0, ...Array.from({ length: MAX_SNAP_CHARS / MAX_SNAP_TEXT + 1 }, () => 'x'.repeat(MAX_SNAP_TEXT))],
    ],
    ['a cycle', cyclic],
  ])('%s', (_name, data) => {
    const result = parseSnapshot(data);
    expect(result.ok).toBe(false);
  });

  test('a real snapshot passes, and fast', () => {
    const doc = document.implementation.createHTMLDocument('');
    const table = doc.createElement('table');
    for (let i = 0; i < 5000; i++) {
      const tr = doc.createElement('tr');
      for (const t of ['Chrome on Windows', `203.0.113.${i % 250}`, 'Online']) {
        const td = doc.createElement('td');
        td.className = 'cell';
        td.textContent = t;
        tr.append(td);
      }
      table.append(tr);
    }
    doc.body.append(table);
    const snap = JSON.parse(JSON.stringify(snapshotDom(doc)));
    const t = performance.now();
    expect(parseSnapshot(snap).ok).toBe(true);
    expect(performance.now() - t).toBeLessThan(500);
  });

  test('a prototype key in text or attribute value is only text', () => {
    const tree = JSON.parse('["div",["title","__proto__"],"__proto__",["span",["class","constructor"]]]');
    const parsed = parseSnapshot(tree);
    expect(parsed.ok).toBe(true);
    const el = fromSnapshot(tree) as unknown as Element;
    expect(el.textContent).toBe('__proto__');
    expect(el.getAttribute('title')).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('web components: the copy is the page as shown, open shadow roots included', () => {
  const opts = { url: 'https://www.example-exchange.com/account/security', now: Date.parse('2026-11-21T12:00:00Z') };
  const cell = (tag: string, text: string) => {
    const el = document.createElement(tag);
    el.textContent = text;
    return el;
  };
  const row = (cells: string[], tag = 'td') => {
    const tr = document.createElement('tr');
    for (const c of cells) tr.append(cell(tag, c));
    return tr;
  };
  const HEAD = ['Device', 'IP address', 'Location', 'Last active'];
  const ROWS = [
    ['Chrome 131 on Windows 11', '81.2.69.142', 'London, United Kingdom', '2026-11-21 10:02'],
    ['Firefox 133 on Ubuntu', '185.220.101.4', 'Amsterdam, Netherlands', '2026-11-21 03:12'],
  ];

  test("a session table inside a component's shadow root is read, and the root is reported for watching", () => {
    const doc = document.implementation.createHTMLDocument('Security');
    const host = doc.createElement('session-list');
    doc.body.append(cell('h2', 'Active sessions'), host);
    const root = host.attachShadow({ mode: 'open' });
    const table = doc.createElement('table');
    table.append(row(HEAD, 'th'), ...ROWS.map((r) => row(r)));
    root.append(table);
    // What a plain walk of the document sees: nothing.
    expect(extractScan(doc, opts).sessions).toEqual([]);
    const roots: unknown[] = [];
    const scan = extractScan(
      fromSnapshot(roundTrip(snapshotDom(doc, { onShadowRoot: (r) => roots.push(r) }))) as never,
      opts,
    );
    expect(scan.sessions.map((s) => [s.device, s.ip])).toEqual(ROWS.map((r) => [r[0], r[1]]));
    expect(roots).toEqual([root]);
  });

  test('rows the page puts in a slot are read where the shadow tree shows them', () => {
    const doc = document.implementation.createHTMLDocument('Security');
    const host = doc.createElement('session-table');
    doc.body.append(cell('h2', 'Active sessions'), host);
    for (const r of ROWS) {
      const div = doc.createElement('div');
      div.setAttribute('role', 'row');
      for (const c of r) {
        const span = cell('span', c);
        span.setAttribute('role', 'cell');
        div.append(span);
      }
      host.append(div);
    }
    const root = host.attachShadow({ mode: 'open' });
    const grid = doc.createElement('div');
    grid.setAttribute('role', 'table');
    const head = doc.createElement('div');
    head.setAttribute('role', 'row');
    for (const h of HEAD) {
      const span = cell('span', h);
      span.setAttribute('role', 'columnheader');
      head.append(span);
    }
    grid.append(head, doc.createElement('slot'));
    root.append(grid);
    const snap = roundTrip(snapshotDom(doc));
    // In the copy the rows sit in the slot, inside the table with its header, once each.
    const json = JSON.stringify(snap);
    expect(json).toContain('["slot",0,["div",["role","row"]');
    expect(json.split('["role","row"]').length - 1).toBe(3);
    const scan = extractScan(fromSnapshot(snap) as never, opts);
    expect(scan.sessions.map((s) => [s.device, s.ip, s.location])).toEqual(ROWS.map((r) => [r[0], r[1], r[2]]));
  });
});

test('tag and attribute names are checked by hand exactly as their patterns say', () => {
  const TAG = /^[A-Za-z][\w.:-]{0,63}$/;
  const ATTR_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/;
  const unit = fc.constantFrom(...'aAzZ09_.:-@[`{/ \u0000\u00c1\u0131\u212a'.split(''));
  const name = fc.oneof(
    fc.array(unit, { maxLength: 70 }).map((a) => a.join('')),
    fc.string({ maxLength: 70 }),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,70}$/),
  );
  fc.assert(
    fc.property(name, (t) => {
      expect(isTag(t)).toBe(TAG.test(t));
      expect(isAttrName(t)).toBe(ATTR_NAME.test(t));
    }),
    { numRuns: 20_000 },
  );
});

/** The checker as it was before it kept only the path to the node it is at: every node pushed on a stack. */
function parseSnapshotByStack(data: unknown): { ok: boolean; error?: string } {
  const fail = (error: string) => ({ ok: false, error: `snapshot: ${error}` });
  if (!Array.isArray(data)) return fail('not an element');
  let nodes = 0;
  let chars = 0;
  const stack: unknown[] = [data];
  const depths: number[] = [0];
  while (stack.length) {
    const n = stack.pop();
    const depth = depths.pop()!;
    if (++nodes > MAX_SNAP_NODES) return fail('too many nodes');
    if (typeof n === 'string') {
      if (n.length > MAX_SNAP_TEXT) return fail('text too long');
      chars += n.length;
      if (chars > MAX_SNAP_CHARS) return fail('too much text');
      continue;
    }
    if (!Array.isArray(n) || n.length < 2) return fail('malformed node');
    if (depth > MAX_SNAP_DEPTH) return fail('too deep');
    const tag: unknown = n[0];
    const attrs: unknown = n[1];
    const isDoc = tag === '#document' && depth === 0;
    if (typeof tag !== 'string' || !(isDoc || isTag(tag))) return fail('bad tag');
    if (attrs !== 0) {
      if (isDoc || !Array.isArray(attrs) || attrs.length % 2 || attrs.length > 96) return fail('bad attributes');
      let separators = 0;
      for (let i = 0; i < attrs.length; i += 2) {
        const name: unknown = attrs[i];
        const value: unknown = attrs[i + 1];
        if (typeof name !== 'string' || typeof value !== 'string' || value.length > MAX_SNAP_ATTR) {
          return fail('bad attribute');
        }
        if (name === '' ? value !== '' || ++separators > 1 : !isAttrName(name)) return fail('bad attribute name');
        chars += value.length;
      }
    }
    if (isDoc && (n.length !== 3 || !Array.isArray(n[2]))) return fail('a document holds one element');
    let elements = 0;
    for (let i = n.length - 1; i >= 2; i--) {
      const c: unknown = n[i];
      if (typeof c !== 'string' && ++elements > MAX_SNAP_CHILDREN) return fail('too many children');
      stack.push(c);
      depths.push(depth + 1);
    }
  }
  if (chars > MAX_SNAP_CHARS) return fail('too much text');
  return { ok: true };
}

describe('parseSnapshot answers as the checker that stacked every node', () => {
  const verdict = (data: unknown) => {
    const r = parseSnapshot(data);
    return r.ok ? { ok: true } : { ok: false, error: r.error };
  };
  const chain = (n: number, leaf: unknown): unknown => {
    let tree = leaf;
    for (let i = 0; i < n; i++) tree = ['div', 0, tree];
    return tree;
  };
  const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
  const li = ['li', 0];

  test.each([
    ['at the depth cap', chain(MAX_SNAP_DEPTH, ['b', 0, 'x'])],
    ['one past the depth cap', chain(MAX_SNAP_DEPTH + 1, ['b', 0, 'x'])],
    ['a text past the depth cap', chain(MAX_SNAP_DEPTH, 'x')],
    ['a bad tag past the depth cap', chain(MAX_SNAP_DEPTH + 3, ['<b>', 0])],
    ['children at the cap', ['ul', 0, ...many(MAX_SNAP_CHILDREN, () => li)]],
    ['children over the cap, texts between', ['ul', 0, ...many(MAX_SNAP_CHILDREN * 2 + 3, (i) => (i % 2 ? 'x' : li))]],
    ['too many children after a bad first child', ['ul', 0, ['<li>', 0], ...many(MAX_SNAP_CHILDREN, () => li)]],
    [
      'a bad tag before a flood of children',
      ['div', 0, ['<x>', 0], ['ul', 0, ...many(MAX_SNAP_CHILDREN + 1, () => li)]],
    ],
    [
      'a flood of children before a bad tag',
      ['div', 0, ['ul', 0, ...many(MAX_SNAP_CHILDREN + 1, () => li)], ['<x>', 0]],
    ],
    ['nodes at the cap', ['div', 0, ...many(MAX_SNAP_NODES - 1, () => 'x')]],
    ['nodes over the cap, then a bad tag', ['div', 0, ...many(MAX_SNAP_NODES, () => 'x'), ['<x>', 0]]],
    ['a bad tag, then nodes over the cap', ['div', 0, ['<x>', 0], ...many(MAX_SNAP_NODES, () => 'x')]],
    [
      'text over the cap in attribute values',
      ['div', 0, ...many(MAX_SNAP_CHARS / MAX_SNAP_ATTR + 1, () => ['i', ['title', 'x'.repeat(MAX_SNAP_ATTR)]])],
    ],
    [
      'text over the cap, then a bad tag',
      ['div', 0, ...many(MAX_SNAP_CHARS / MAX_SNAP_TEXT + 1, () => 'x'.repeat(MAX_SNAP_TEXT)), ['<x>', 0]],
    ],
    ['a document', ['#document', 0, ['html', ['lang', 'en'], ['body', 0, 'x']]]],
    ['a document as a child', ['div', 0, ['#document', 0, ['html', 0]]]],
  ])('%s', (_name, data) => {
    expect(verdict(data)).toEqual(parseSnapshotByStack(data));
  });

  test('on random trees, well formed or not', () => {
    const text = fc.constantFrom(
      '',
      'x',
      'Chrome on Windows',
      'y'.repeat(MAX_SNAP_TEXT),
      'z'.repeat(MAX_SNAP_TEXT + 1),
    );
    const tag = fc.constantFrom('div', 'td', 'tr', 'a', 'x:y', '', '<b>', '1a', '#document', 'A-b', 5, null);
    const attrs = fc.oneof(
      fc.constant(0),
      fc.constant(['class', 'c']),
      fc.constant(['', '', 'title', 't']),
      fc.constant(['', '', 'a', 'b', '', '']),
      fc.constant(['Class', 'c']),
      fc.constant(['class']),
      fc.constant(['title', 'x'.repeat(MAX_SNAP_ATTR + 1)]),
      fc.constant(['class', 7]),
      fc.constant({ class: 'c' }),
      fc.constant(1),
    );
    const { node } = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.constantFrom(5, null, {}, ['div']),
        fc.tuple(tag, attrs, fc.array(tie('node'), { maxLength: 5 })).map(([t, a, kids]) => [t, a, ...kids]),
      ),
    }));
    fc.assert(
      fc.property(node, fc.nat(MAX_SNAP_DEPTH + 2), fc.boolean(), (tree, depth, deep) => {
        const data = deep ? chain(depth, tree) : tree;
        expect(verdict(data)).toEqual(parseSnapshotByStack(data));
      }),
      { numRuns: 3000 },
    );
  });
});
