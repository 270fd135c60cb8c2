import { signal } from '@preact/signals';
import type { Checklist } from '../src/core/checklist';
import { MAX_BACKUP_BYTES } from '../src/shared/backup';
import { checklistToYaml, MAX_CHECKLIST_BYTES, parseChecklistYaml } from '../src/shared/checklist';
import type { Transport } from '../src/shared/contract';
import type { Settings } from '../src/shared/settings';
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

  function exportJson(): Promise<boolean> {
    return run(async () => {
      const backup = await deps.transport('exportBackup', {});
      deps.download(`session-watchdog-backup-${day()}.json`, 'application/json', JSON.stringify(backup, null, 2));
      return S.data.exportedBackup(backup.accounts.length, backup.sessions.length, backup.logins.length);
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

  function importFile(file: PickedFile): Promise<boolean> {
    return run(async () => {
      if (file.size > MAX_BACKUP_BYTES) {
        throw new Error(S.data.tooLarge(file.name, file.size));
      }
      const counts = await deps.transport('importBackup', { text: await file.text() });
      await reloadSettings();
      await loadAccounts().catch(() => undefined);
      return S.data.imported(counts.accounts, counts.sessions, counts.logins, counts.warnings);
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
      await reloadSettings();
      accounts.value = [];
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
    loadAccounts,
    exportJson,
    exportCsv,
    importFile,
    askWipe,
    cancelWipe,
    confirmWipe,
    setRetention,
    exportChecklist,
    importChecklist,
  };
}

export type DataModel = ReturnType<typeof createDataModel>;
