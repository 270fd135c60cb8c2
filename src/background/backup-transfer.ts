/**
 * A backup's text between the options page and the worker, in slices (src/shared/backup.ts, sliceText): one runtime
 * message cannot carry a large backup (Chrome refuses one over 64 MiB once serialised).
 *
 * Export: the worker reads every row in one transaction, keeps the file's text, and the page fetches it slice by
 * slice. Import: the page sends the slices in order; they are only kept in the worker's memory, and nothing is
 * parsed or written before the last one has arrived and the page commits. The commit is the one-transaction import
 * (backup-service.ts, importBackup): a worker stopped while slices are arriving loses them and leaves storage as
 * it was; the page is told the import was interrupted.
 */
import { MAX_BACKUP_BYTES, sliceText } from '../shared/backup';
import { errorMessage, LocalisedError } from '../shared/zod-issue';
import type { ImportMode } from './backup-service';

interface Outgoing {
  id: string;
  slices: string[];
}

interface Incoming {
  id: string;
  mode: ImportMode;
  chars: number;
  chunks: number;
  slices: string[];
  received: number;
}

/** One export and one import at a time: a newer one replaces (and frees) the one before. */
export class BackupTransfers {
  private outgoing: Outgoing | undefined;
  private incoming: Incoming | undefined;

  constructor(private readonly newId: () => string = () => crypto.randomUUID()) {}

  /** Keeps an export's text until its last slice is fetched. */
  startExport(text: string): { exportId: string; chunks: number; chars: number } {
    const id = this.newId();
    // Slices are cut once: each fetch is then a lookup, and a fetch of slice i always answers the same text.
    this.outgoing = { id, slices: slicesOf(text) };
    return { exportId: id, chunks: this.outgoing.slices.length, chars: text.length };
  }

  exportChunk(exportId: string, index: number): string {
    const out = this.outgoing;
    if (out?.id !== exportId) throw new LocalisedError(errorMessage('importErr_exportInterrupted'));
    const text = out.slices[index];
    if (text === undefined) throw new Error(`No slice ${index} in this export`);
    if (index === out.slices.length - 1) this.outgoing = undefined;
    return text;
  }

  /** Announces an import of `chars` characters in `chunks` slices; answers the id the slices are sent with. */
  startImport(mode: ImportMode, chars: number, chunks: number): string {
    this.incoming = undefined;
    if (chars > MAX_BACKUP_BYTES) throw new LocalisedError(errorMessage('importErr_backupTooLarge'));
    const id = this.newId();
    this.incoming = { id, mode, chars, chunks, slices: [], received: 0 };
    return id;
  }

  /** Slices must come in order, and add up to no more than announced. */
  importChunk(importId: string, index: number, text: string): void {
    const inc = this.current(importId);
    if (index !== inc.slices.length || index >= inc.chunks)
      throw new Error(`Slice ${index} of the import came out of order (expected ${inc.slices.length})`);
    if (inc.received + text.length > inc.chars) {
      this.incoming = undefined;
      throw new Error('The import sent more text than it announced; nothing was changed');
    }
    inc.slices.push(text);
    inc.received += text.length;
  }

  /** The whole text, once every announced slice arrived; the staged import is dropped either way. */
  finishImport(importId: string): { text: string; mode: ImportMode } {
    const inc = this.current(importId);
    this.incoming = undefined;
    if (inc.slices.length !== inc.chunks || inc.received !== inc.chars)
      throw new Error(
        `The import is incomplete (${inc.slices.length} of ${inc.chunks} slices, ${inc.received} of ${inc.chars} characters); nothing was changed`,
      );
    return { text: inc.slices.join(''), mode: inc.mode };
  }

  private current(importId: string): Incoming {
    const inc = this.incoming;
    // Unknown: the worker was stopped (and its memory lost) since the import began, or a newer one replaced it.
    if (inc?.id !== importId) throw new LocalisedError(errorMessage('importErr_interrupted'));
    return inc;
  }
}

function slicesOf(text: string): string[] {
  return text.length ? sliceText(text) : [''];
}
