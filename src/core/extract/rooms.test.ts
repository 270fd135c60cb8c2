import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const dir = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

test.each(sources)('%s stays a room of at most 600 lines', (file) => {
  expect(readFileSync(join(dir, file), 'utf8').split('\n').length).toBeLessThanOrEqual(600);
});

test.each(sources)('%s reads pages through the page-node interface, never by casting to DOM types', (file) => {
  expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(/as unknown as (?:ParentNode|Element|Document|Node)\b/);
});
