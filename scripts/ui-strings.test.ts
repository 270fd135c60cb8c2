import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@babel/parser';
import type { Node } from '@babel/types';
import { expect, test } from 'vitest';

/**
 * One convention for a UI string: a component shows words through `t()`/`tn()` (popup) or `S.*` (options, whose
 * names are derived from catalog keys in `options/strings.ts`), never as a literal. This finds English sentences
 * written into a component: JSX text children, literal children in braces, and string-literal attributes (title,
 * aria-label, placeholder, alt, a child component's label…; not ids, classes or types) holding two or more words.
 */
const ROOT = join(import.meta.dirname, '..');
/** Attributes that hold names for code (ids, classes, types), never words a person reads. */
const CODE_ATTRIBUTES =
  /^(?:class|className|id|key|href|src|type|role|name|for|htmlFor|data-[\w-]+|aria-(?:labelledby|describedby|controls|live|current|haspopup)|autocomplete|autoComplete|inputMode|pattern|rel|target|dir|lang|accept|download|style|method|value|step|min|max)$/;
/** Names, not sentences: the same in every language. */
const ALLOWED = new Set(['Session Watchdog']);
/** Two English words with a space between (so an id like `scan-now` or an example URL is not a sentence). */
const TWO_WORDS = /[A-Za-z]{2,}[^A-Za-z0-9{}\s]*\s+[^A-Za-z0-9{}\s]*[A-Za-z]{2,}/;

/** Walks babel's tree (the TypeScript 7 package has no parser API; @babel/parser comes with the preact preset). */
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) for (const child of node) walk(child, visit);
  else if (node && typeof node === 'object' && typeof (node as Node).type === 'string') {
    visit(node as Node);
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && key !== 'extra') walk(child, visit);
  }
}

const literalText = (e: Node | null | undefined): string | undefined => {
  if (!e) return undefined;
  if (e.type === 'StringLiteral') return e.value;
  if (e.type === 'TemplateLiteral') return e.quasis.map((q) => q.value.cooked ?? '').join(' ');
  return undefined;
};

export function englishLiterals(file: string, text: string): string[] {
  const ast = parse(text, { sourceType: 'module', plugins: ['typescript', 'jsx'] });
  const found: string[] = [];
  const check = (node: Node, words: string | undefined): void => {
    const trimmed = (words ?? '').replace(/\s+/g, ' ').trim();
    if (!TWO_WORDS.test(trimmed) || ALLOWED.has(trimmed)) return;
    found.push(`${file}:${node.loc?.start.line}: ${trimmed}`);
  };
  walk(ast.program, (node) => {
    if (node.type === 'JSXText') check(node, node.value);
    else if (
      node.type === 'JSXAttribute' &&
      node.name.type === 'JSXIdentifier' &&
      !CODE_ATTRIBUTES.test(node.name.name)
    ) {
      const value = node.value;
      if (value?.type === 'StringLiteral') check(value, value.value);
      else if (value?.type === 'JSXExpressionContainer' && value.expression.type !== 'JSXEmptyExpression')
        check(value, literalText(value.expression));
    } else if (node.type === 'JSXElement' || node.type === 'JSXFragment') {
      for (const child of node.children)
        if (child.type === 'JSXExpressionContainer' && child.expression.type !== 'JSXEmptyExpression')
          check(child, literalText(child.expression));
    }
  });
  return found;
}

const components = ['popup', 'options'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.tsx') && !name.endsWith('.test.tsx'))
    .map((name) => `${dir}/${name}`),
);

test('the scan finds what it is for, and lets names and keys through', () => {
  const tsx = `const a = <p title="Close this dialog">Scan this page now<b aria-label={'Two words'}>{'Hard coded'}</b></p>;
const b = <p class="two words" data-testid="scan-now" aria-labelledby="a b" title="Session Watchdog">{t('popup_scan')} — 3 x</p>;
const c = <Field label="Your time zone" placeholder="https://exchange.example/profile/security*" />;`;
  expect(englishLiterals('x.tsx', tsx).sort()).toEqual([
    'x.tsx:1: Close this dialog',
    'x.tsx:1: Hard coded',
    'x.tsx:1: Scan this page now',
    'x.tsx:1: Two words',
    'x.tsx:3: Your time zone',
  ]);
});

test('no component writes an English sentence; its words come from the catalogs', () => {
  expect(components.length).toBeGreaterThan(10);
  expect(components.flatMap((file) => englishLiterals(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
});
