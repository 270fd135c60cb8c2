import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { sendMessage } from '../src/platform/messaging';
import { loadSettings, saveSettings } from '../src/platform/storage';
import { createDataModel, type DataModel } from './data-model';
import { downloadText } from './download-text';
import type { OptionsModel } from './model';
import { S } from './strings';

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
    <section class="panel" id="data" aria-labelledby="data-heading" data-testid="data-panel">
      <h2 id="data-heading">{S.data.heading}</h2>

      <h3>{S.data.keep}</h3>
      <form
        class="form-row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await model.setRetention(retentionValue)) retention.value = undefined;
        }}
      >
        <label>
          {S.data.retention}
          <input
            name="retentionDays"
            inputMode="numeric"
            value={retentionValue}
            onInput={(e) => (retention.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn" disabled={busy}>
          {S.data.save}
        </button>
      </form>

      <h3>{S.data.export}</h3>
      <p class="muted">{S.data.exportNote}</p>
      <div class="form-row">
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportJson()}>
          {S.data.exportJson}
        </button>
      </div>
      <div class="form-row">
        <label>
          {S.data.csvOf}
          <select value={csvAccount.value} onChange={(e) => (csvAccount.value = e.currentTarget.value)}>
            <option value="">{S.data.allAccounts}</option>
            {model.accounts.value.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportCsv(csvAccount.value)}>
          {S.data.exportCsv}
        </button>
      </div>

      <h3>{S.data.import}</h3>
      <p class="muted">{S.data.importNote}</p>
      <div class="form-row">
        <FilePicker
          label={S.data.backupFile}
          accept=".json,application/json"
          testId="import-backup"
          disabled={busy}
          onFile={(file) => void model.importFile(file)}
        />
      </div>

      <h3>{S.data.checklist}</h3>
      <p class="muted">{S.data.checklistNote}</p>
      <div class="form-row">
        <FilePicker
          label={S.data.importChecklist}
          accept=".yaml,.yml,application/yaml,text/yaml"
          testId="import-checklist"
          disabled={busy}
          onFile={(file) => void model.importChecklist(file)}
        />
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportChecklist()}>
          {S.data.exportChecklist}
        </button>
      </div>

      <h3>{S.data.wipe}</h3>
      {model.isConfirmingWipe.value ? (
        <div role="alertdialog" aria-labelledby="wipe-question">
          <p id="wipe-question">
            <strong>{S.data.wipeQuestion}</strong> {S.data.wipeWarning}
          </p>
          <div class="form-row">
            <button type="button" class="btn btn--danger" autoFocus onClick={() => void model.confirmWipe()}>
              {S.data.wipeConfirm}
            </button>
            <button type="button" class="btn btn--ghost" onClick={() => model.cancelWipe()}>
              {S.data.cancel}
            </button>
          </div>
        </div>
      ) : (
        <div class="form-row">
          <button type="button" class="btn btn--danger" disabled={busy} onClick={() => model.askWipe()}>
            {S.data.wipeAsk}
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

/**
 * A file input worded in the page's language: the browser draws its own button and "No file chosen" in the
 * browser's language, whatever ours is. The input stays in the page (keyboard focus, the label opens it, tests set
 * files on it) but out of sight; the button shown in its place is the label's.
 */
function FilePicker(props: {
  label: string;
  accept: string;
  testId: string;
  disabled: boolean;
  onFile: (file: File) => void;
}) {
  return (
    <label class="file-picker">
      <span>{props.label}</span>
      <input
        type="file"
        class="file-picker__input"
        accept={props.accept}
        data-testid={props.testId}
        disabled={props.disabled}
        onChange={(e) => {
          const file = pickedFile(e);
          if (file) props.onFile(file);
        }}
      />
      <span class="btn file-picker__button" aria-hidden="true">
        {S.data.chooseFile}
      </span>
    </label>
  );
}
