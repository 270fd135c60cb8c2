import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Checklist } from '../src/core/checklist';
import { type BackupPreview, MAX_BACKUP_BYTES, parseBackup, previewOf, sliceText } from '../src/shared/backup';
import { checklistToYaml, MAX_CHECKLIST_BYTES, parseChecklistYaml } from '../src/shared/checklist';
import type { Transport } from '../src/shared/contract';
import { type QuarantinedItem, restoreItem, type Settings } from '../src/shared/settings';
import { LocalisedError } from '../src/shared/zod-issue';
import { errorText } from '../src/ui/i18n';
import type { SettingsStore } from './model';
import { S } from './strings';

/** The part of a File the model reads: its size first, its text only when the size is acceptable. */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface DataDeps {
  transport: Transport;
  store: SettingsStore;
  /** Saves text as a file (the page does it with a Blob, an object URL and an `<a download>`). */
  download: (fileName: string, mimeType: string, text: string) => void;
  /** Called after settings changed under the page (import, wipe, retention, checklist). */
  onSettings?: (settings: Settings) => void;
  /** Called after the stored history changed under the page (import, wipe): every view reads it again. */
  onData?: () => void;
  /**
   * Stored settings set aside because they no longer validate (storage.local `settingsQuarantine`); `watch` hears
   * of the worker setting items aside while the page is open.
   */
  quarantine?: {
    load: () => Promise<QuarantinedItem[]>;
    save: (items: QuarantinedItem[]) => Promise<void>;
    watch?: (listener: (items: QuarantinedItem[]) => void) => void;
  };
  /** The page's settings as last read (the retention field shows them until the user types). */
  settings?: ReadonlySignal<Settings | undefined>;
  now?: () => number;
}

/** Safe in a file name on every OS. */
function fileSafe(text: string): string {
  return (
    text
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'account'
  );
}

/** The options page's Data section: export, import, wipe, retention and the security checklist. */
export function createDataModel(deps: DataDeps) {
  const now = deps.now ?? Date.now;
  const status = signal<string | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  const isBusy = signal(false);
  const isConfirmingWipe = signal(false);
  const accounts = signal<{ id: string; label: string }[]>([]);
  /** A backup file read and checked, waiting for "Replace everything" or "Merge"; nothing is written before. */
  const pendingImport = signal<{ name: string; text: string; preview: BackupPreview } | undefined>(undefined);
  /** An import's refusal, shown beside the import control (not at the foot of the section). */
  const importError = signal<string | undefined>(undefined);
  const quarantined = signal<QuarantinedItem[]>([]);
  /** The account whose login history "Export login history (CSV)" saves; empty for all of them. */
  const csvAccount = signal('');
  /** What the user typed in the retention field, until it is saved; the stored value shows otherwise. */
  const retentionDraft = signal<string | undefined>(undefined);
  const retentionText = computed(() => retentionDraft.value ?? String(deps.settings?.value?.retentionDays ?? 0));

  const day = () => new Date(now()).toISOString().slice(0, 10);

  async function run(task: () => Promise<string>): Promise<boolean> {
    isBusy.value = true;
    error.value = undefined;
    status.value = undefined;
    try {
      status.value = await task();
      return true;
    } catch (err) {
      error.value = errorText(err);
      return false;
    } finally {
      isBusy.value = false;
    }
  }

  async function reloadSettings(): Promise<void> {
    deps.onSettings?.(await deps.store.load());
  }

  async function loadAccounts(): Promise<void> {
    const { accounts: views } = await deps.transport('getOverview', {});
    accounts.value = views.map((v) => ({ id: v.account.id, label: `${v.siteName} · ${v.account.hint}` }));
  }

  /** The backup's text, fetched from the worker slice by slice (one message cannot carry a large one). */
  async function exportedText(): Promise<{ text: string; accounts: number; sessions: number; logins: number }> {
    const head = await deps.transport('exportBackup', {});
    const slices: string[] = [];
    for (let index = 0; index < head.chunks; index++)
      slices.push((await deps.transport('exportBackupChunk', { exportId: head.exportId, index })).text);
    const text = slices.join('');
    if (text.length !== head.chars) throw new Error(`The export arrived incomplete (${text.length} of ${head.chars})`);
    return { text, accounts: head.accounts, sessions: head.sessions, logins: head.logins };
  }

  function exportJson(): Promise<boolean> {
    return run(async () => {
      const backup = await exportedText();
      deps.download(`session-watchdog-backup-${day()}.json`, 'application/json', backup.text);
      return S.data.exportedBackup(backup.accounts, backup.sessions, backup.logins);
    });
  }

  /** Login history of one account, or of all when accountId is empty. */
  function exportCsv(accountId: string): Promise<boolean> {
    return run(async () => {
      const { csv, rowCount } = await deps.transport('exportLoginHistory', accountId ? { accountId } : {});
      const which = accountId ? fileSafe(accountId) : 'all';
      // A BOM makes spreadsheet programs read the file as UTF-8.
      deps.download(`session-watchdog-logins-${which}-${day()}.csv`, 'text/csv', `\ufeff${csv}`);
      return S.data.exportedLogins(rowCount);
    });
  }

  /**
   * Reads and checks a chosen backup file, then waits for the user's choice: nothing is replaced yet. The worker
   * checks the text again when it is sent (the page is not trusted with the database).
   */
  async function chooseBackup(file: PickedFile): Promise<boolean> {
    pendingImport.value = undefined;
    importError.value = undefined;
    status.value = undefined;
    error.value = undefined;
    isBusy.value = true;
    try {
      if (file.size > MAX_BACKUP_BYTES) throw new Error(S.data.tooLarge(file.name, file.size));
      const text = await file.text();
      const parsed = parseBackup(text);
      if (!parsed.ok) throw new LocalisedError(parsed.message, parsed.error);
      pendingImport.value = { name: file.name, text, preview: previewOf(parsed.backup) };
      return true;
    } catch (err) {
      importError.value = errorText(err);
      return false;
    } finally {
      isBusy.value = false;
    }
  }

  function cancelImport(): void {
    pendingImport.value = undefined;
  }

  /** The user's answer to the confirmation: the checked file replaces everything, or is merged with it. */
  async function confirmImport(mode: 'replace' | 'merge'): Promise<boolean> {
    const pending = pendingImport.value;
    if (!pending) return false;
    importError.value = undefined;
    status.value = undefined;
    isBusy.value = true;
    try {
      // Sent in slices, then committed: the worker parses and writes nothing before the commit.
      const slices = sliceText(pending.text);
      const { importId } = await deps.transport('importBackupBegin', {
        mode,
        chars: pending.text.length,
        chunks: slices.length,
      });
      for (const [index, text] of slices.entries())
        await deps.transport('importBackupChunk', { importId, index, text });
      const counts = await deps.transport('importBackupCommit', { importId });
      pendingImport.value = undefined;
      await reloadSettings();
      await loadAccounts().catch(() => undefined);
      deps.onData?.();
      status.value = (mode === 'merge' ? S.data.merged : S.data.imported)(
        counts.accounts,
        counts.sessions,
        counts.logins,
        counts.warnings,
      );
      return true;
    } catch (err) {
      importError.value = errorText(err);
      return false;
    } finally {
      isBusy.value = false;
    }
  }

  /** What the section shows when it opens: the accounts, the set-aside settings, and then their changes. */
  let isWatching = false;
  async function start(): Promise<void> {
    // Once, however often the section is shown again.
    if (!isWatching)
      deps.quarantine?.watch?.((items) => {
        quarantined.value = items;
      });
    isWatching = true;
    await Promise.all([loadAccounts().catch(() => undefined), loadQuarantine().catch(() => undefined)]);
  }

  /** Saves the retention field's text; the field shows the stored value again once it is saved. */
  async function saveRetention(): Promise<boolean> {
    const ok = await setRetention(retentionText.value);
    if (ok) retentionDraft.value = undefined;
    return ok;
  }

  /** Reads the set-aside settings (and after restore or delete). */
  async function loadQuarantine(): Promise<void> {
    quarantined.value = deps.quarantine ? await deps.quarantine.load() : [];
  }

  /** Puts one set-aside item back when it passes now; else says why, and it stays set aside. */
  function restoreQuarantined(index: number): Promise<boolean> {
    return run(async () => {
      const items = deps.quarantine ? await deps.quarantine.load() : [];
      const item = items[index];
      if (!item || !deps.quarantine) throw new Error(S.data.removed);
      const r = restoreItem(await deps.store.load(), item);
      if (!r.ok) throw new Error(S.data.stillInvalid(r.why));
      await deps.store.save(r.settings);
      await deps.quarantine.save(items.filter((_, i) => i !== index));
      deps.onSettings?.(r.settings);
      await loadQuarantine();
      return S.data.restored(item.field);
    });
  }

  function deleteQuarantined(index: number): Promise<boolean> {
    return run(async () => {
      if (!deps.quarantine) return S.data.removed;
      const items = await deps.quarantine.load();
      await deps.quarantine.save(items.filter((_, i) => i !== index));
      await loadQuarantine();
      return S.data.removed;
    });
  }

  function askWipe(): void {
    error.value = undefined;
    status.value = undefined;
    isConfirmingWipe.value = true;
  }

  function cancelWipe(): void {
    isConfirmingWipe.value = false;
  }

  async function confirmWipe(): Promise<boolean> {
    if (!isConfirmingWipe.value) return false;
    isConfirmingWipe.value = false;
    return run(async () => {
      await deps.transport('wipeAll', { isConfirmed: true });
      pendingImport.value = undefined;
      await reloadSettings();
      accounts.value = [];
      deps.onData?.();
      return S.data.wiped;
    });
  }

  /** `text` from the input: whole days, 0 keeps everything. */
  function setRetention(text: string): Promise<boolean> {
    const days = Number(text.trim() || '0');
    if (!Number.isInteger(days) || days < 0 || days > 36500) {
      error.value = S.data.errRetention;
      status.value = undefined;
      return Promise.resolve(false);
    }
    return run(async () => {
      const next = { ...(await deps.store.load()), retentionDays: days };
      await deps.store.save(next);
      deps.onSettings?.(next);
      return S.data.keptFor(days);
    });
  }

  function exportChecklist(): Promise<boolean> {
    return run(async () => {
      const checklist: Checklist = (await deps.store.load()).checklist ?? { accounts: [] };
      deps.download(`security-checklist-${day()}.yaml`, 'application/yaml', checklistToYaml(checklist));
      return S.data.exportedChecklist(checklist.accounts.length);
    });
  }

  function importChecklist(file: PickedFile): Promise<boolean> {
    return run(async () => {
      if (file.size > MAX_CHECKLIST_BYTES) throw new Error(S.data.checklistTooLarge(file.name));
      const parsed = parseChecklistYaml(await file.text());
      if (!parsed.ok) throw new LocalisedError(parsed.message, parsed.error);
      const next = { ...(await deps.store.load()), checklist: parsed.checklist };
      await deps.store.save(next);
      deps.onSettings?.(next);
      return S.data.importedChecklist(parsed.checklist.accounts.length);
    });
  }

  return {
    status,
    error,
    isBusy,
    isConfirmingWipe,
    accounts,
    start,
    loadAccounts,
    exportJson,
    csvAccount,
    exportCsv,
    retentionDraft,
    retentionText,
    saveRetention,
    pendingImport,
    importError,
    chooseBackup,
    cancelImport,
    confirmImport,
    quarantined,
    loadQuarantine,
    restoreQuarantined,
    deleteQuarantined,
    askWipe,
    cancelWipe,
    confirmWipe,
    setRetention,
    exportChecklist,
    importChecklist,
  };
}

export type DataModel = ReturnType<typeof createDataModel>;
