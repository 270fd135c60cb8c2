import { expect, test } from 'vitest';
import { BACKUP_CHUNK_CHARS, MAX_BACKUP_BYTES, sliceText } from '../shared/backup';
import { BackupTransfers } from './backup-transfer';

test('slices never cut a surrogate pair, and join back to the text', () => {
  const text = `ab😀cd😀😀e${'x'.repeat(7)}😀`;
  for (let max = 1; max <= text.length + 1; max++) {
    const slices = sliceText(text, max);
    expect(slices.join('')).toBe(text);
    for (const s of slices) {
      expect(s.length).toBeLessThanOrEqual(Math.max(max, 2));
      expect(s).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  }
});

test('an export larger than one message is fetched in slices, and joins back whole', () => {
  // Over two slices, with an emoji across the first cut.
  const text = `${'a'.repeat(BACKUP_CHUNK_CHARS - 1)}😀${'b'.repeat(BACKUP_CHUNK_CHARS + 10)}`;
  const t = new BackupTransfers(() => 'e1');
  const head = t.startExport(text);
  expect(head).toEqual({ exportId: 'e1', chunks: 3, chars: text.length });
  const slices = [0, 1, 2].map((i) => t.exportChunk('e1', i));
  expect(slices.every((s) => s.length <= BACKUP_CHUNK_CHARS)).toBe(true);
  expect(slices.join('') === text).toBe(true);
  // Let go after its last slice.
  expect(() => t.exportChunk('e1', 0)).toThrow('export was interrupted');
});

test('an import of the largest allowed file fits the slices the contract allows', () => {
  const t = new BackupTransfers(() => 'i1');
  const id = t.startImport('replace', MAX_BACKUP_BYTES, 7);
  const file = 'x'.repeat(MAX_BACKUP_BYTES);
  const slices = sliceText(file);
  expect(slices.length).toBeLessThanOrEqual(7);
  for (const [i, s] of slices.entries()) t.importChunk(id, i, s);
  expect(t.finishImport(id).text.length).toBe(MAX_BACKUP_BYTES);
  expect(() => t.startImport('replace', MAX_BACKUP_BYTES + 1, 7)).toThrow('over 50 MB');
});
