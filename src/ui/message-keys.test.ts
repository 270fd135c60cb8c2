import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const catalog = (l: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(join(ROOT, 'public', '_locales', l, 'messages.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Keys that code names as plain strings (`t()` is typed, but messages built as data — reasons, notifications,
 * import errors — are not): every one must be in the catalogs, or its text silently falls back to English.
 */
test('every message key written as a string in the code is in every locale, with the same placeholders', () => {
  const files = ['src', 'popup', 'options'].flatMap(sources);
  const used = new Map<string, string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const [, key] of text.matchAll(
      /['"`]((?:notify|importErr|importType|reason|list|place)_[A-Za-z0-9_]+)['"`]/g,
    )) {
      // CSS classes (`list__item`) look alike; catalog names never hold a double underscore.
      if (key && !key.includes('__') && !used.has(key)) used.set(key, relative(ROOT, f));
    }
  }
  expect(used.size).toBeGreaterThan(60);
  // Plural forms repeat a placeholder or leave it out of one form: the set of them counts.
  const holes = (s: string | undefined) => [...new Set(s?.match(/\{\d\}/g) ?? [])].sort().join();
  const en = catalog('en');
  const problems: string[] = [];
  for (const l of ['en', 'zh_CN', 'ar']) {
    const c = catalog(l);
    for (const [key, file] of used) {
      if (!c[key]) problems.push(`${l} lacks ${key} (${file})`);
      else if (holes(c[key]?.message) !== holes(en[key]?.message)) problems.push(`${l} ${key}: placeholders differ`);
    }
  }
  expect(problems).toEqual([]);
});
