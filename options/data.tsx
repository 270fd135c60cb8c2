import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { sendMessage } from '../src/platform/messaging';
import { loadSettings, saveSettings } from '../src/platform/storage';
import { createDataModel, type DataModel } from './data-model';
import type { OptionsModel } from './model';

/** Saves text as a file without the `downloads` permission: a Blob, an object URL and a clicked `<a download>`. */
export function downloadText(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Firefox reads the URL after click() returns; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

function pickedFile(e: Event): File | undefined {
  const input = e.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  // Picking the same file again must fire change again.
  input.value = '';
  return file;
}

export function DataPanel({ model: options }: { model: OptionsModel }) {
  const model: DataModel = useMemo(
    () =>
      createDataModel({
        transport: sendMessage,
        store: { load: loadSettings, save: saveSettings },
        download: downloadText,
        onSettings: (s) => {
          options.settings.value = s;
        },
      }),
    [options],
  );
  const csvAccount = useSignal('');
  const retention = useSignal<string | undefined>(undefined);
  useEffect(() => {
    void model.loadAccounts().catch(() => undefined);
  }, [model]);
  const busy = model.isBusy.value;
  const retentionValue = retention.value ?? String(options.settings.value?.retentionDays ?? 0);

  return (
    <section class="panel" aria-labelledby="data-heading" data-testid="data-panel">
      <h2 id="data-heading">Data</h2>

      <h3>Keep history</h3>
      <form
        class="form-row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await model.setRetention(retentionValue)) retention.value = undefined;
        }}
      >
        <label>
          Days to keep (0 keeps everything)
          <input
            name="retentionDays"
            inputMode="numeric"
            value={retentionValue}
            onInput={(e) => (retention.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn" disabled={busy}>
          Save
        </button>
      </form>

      <h3>Export</h3>
      <p class="muted">Files are saved on this computer only; nothing is sent anywhere.</p>
      <div class="form-row">
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportJson()}>
          Export full backup (JSON)
        </button>
      </div>
      <div class="form-row">
        <label>
          Login history of
          <select value={csvAccount.value} onChange={(e) => (csvAccount.value = e.currentTarget.value)}>
            <option value="">All accounts</option>
            {model.accounts.value.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportCsv(csvAccount.value)}>
          Export login history (CSV)
        </button>
      </div>

      <h3>Import a backup</h3>
      <p class="muted">
        Replaces everything stored now with the file's contents. A file with any error changes nothing.
      </p>
      <div class="form-row">
        <label>
          Backup file (JSON, up to 50 MB)
          <input
            type="file"
            accept=".json,application/json"
            data-testid="import-backup"
            disabled={busy}
            onChange={(e) => {
              const file = pickedFile(e);
              if (file) void model.importFile(file);
            }}
          />
        </label>
      </div>

      <h3>Security checklist</h3>
      <p class="muted">
        The MDM-style checklist: trusted devices with their IP ranges, 2FA type and when you last checked it, whether an
        anti-phishing code is set (never the code itself), the withdrawal whitelist and API keys.
      </p>
      <div class="form-row">
        <label>
          Import checklist (YAML)
          <input
            type="file"
            accept=".yaml,.yml,application/yaml,text/yaml"
            data-testid="import-checklist"
            disabled={busy}
            onChange={(e) => {
              const file = pickedFile(e);
              if (file) void model.importChecklist(file);
            }}
          />
        </label>
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportChecklist()}>
          Export checklist (YAML)
        </button>
      </div>

      <h3>Wipe everything</h3>
      {model.isConfirmingWipe.value ? (
        <div role="alertdialog" aria-labelledby="wipe-question">
          <p id="wipe-question">
            <strong>Delete every account, session, login and warning, and reset all settings?</strong> This cannot be
            undone; export a backup first if you may want it back.
          </p>
          <div class="form-row">
            <button type="button" class="btn btn--danger" autoFocus onClick={() => void model.confirmWipe()}>
              Delete everything
            </button>
            <button type="button" class="btn btn--ghost" onClick={() => model.cancelWipe()}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="form-row">
          <button type="button" class="btn btn--danger" disabled={busy} onClick={() => model.askWipe()}>
            Wipe everything…
          </button>
        </div>
      )}

      {model.status.value && (
        <p role="status" data-testid="data-status">
          {model.status.value}
        </p>
      )}
      {model.error.value && (
        <p role="alert" class="error" data-testid="data-error">
          {model.error.value}
        </p>
      )}
    </section>
  );
}
