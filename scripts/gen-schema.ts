// Writes docs/export.schema.json from the backup's zod schema; run by the build (and `npm run gen-schema`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupJsonSchemaText } from '../src/shared/backup';

export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/export.schema.json');

export function writeExportSchema(): boolean {
  const text = backupJsonSchemaText();
  let current = '';
  try {
    current = readFileSync(SCHEMA_PATH, 'utf8');
  } catch {
    // First run: no file yet.
  }
  if (current === text) return false;
  mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
  writeFileSync(SCHEMA_PATH, text);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(writeExportSchema() ? 'wrote docs/export.schema.json' : 'docs/export.schema.json is up to date');
}
