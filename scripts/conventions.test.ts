import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

/** One home per fact, held where a copy is easy to spot in the text (like refined-github's features test). */
const ROOT = join(import.meta.dirname, '..');
const sources = ['src', 'popup', 'options'].flatMap((dir) =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).replaceAll('\\', '/')),
);
const holding = (pattern: RegExp) =>
  sources.filter((file) => pattern.test(readFileSync(join(ROOT, file), 'utf8'))).sort();

test.each([
  ['error-to-text', /instanceof Error \? \w+\.message : String\(/, ['src/core/message-of.ts']],
  ['unwrapping a worker answer', /No answer to/, ['src/shared/result.ts']],
  ['a reason part key', /'=(?:country|countries|list|place|time|or)'/, ['src/core/reason-parts.ts']],
])('%s is written once', (_, pattern, homes) => {
  expect(holding(pattern)).toEqual(homes);
});
