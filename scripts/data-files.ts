// The data tables read from src/data/generated/ on disk, for what runs the worker's code in Node: the audit, the
// unit tests and the bench. The extension reads the same files from its package (src/platform/packaged-files.ts).
import { readFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, type ReadDataFile } from '../src/background/geo-data';

export const GENERATED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../src/data/generated');

export function diskDataReader(dir = GENERATED_DIR): ReadDataFile {
  return async (path) => {
    if (posix.dirname(path) !== DATA_DIR) throw new Error(`${path}: not a data table`);
    return readFile(resolve(dir, posix.basename(path)));
  };
}
