import { useEffect } from 'preact/hooks';
import type { DataModel } from './data-model';
import { S } from './strings';

function pickedFile(e: Event): File | undefined {
  const input = e.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  // Picking the same file again must fire change again.
  input.value = '';
  return file;
}

/** The Data section: what it shows and does goes through its model (data-model.ts), wired by settings-panels.tsx. */
export function DataPanel({ model }: { model: DataModel }) {
  useEffect(() => {
    void model.start();
  }, [model]);
  const pending = model.pendingImport.value;
  const busy = model.isBusy.value;

  return (
    <section class="panel" id="data" aria-labelledby="data-heading" data-testid="data-panel">
      <h2 id="data-heading">{S.data.heading}</h2>

      <h3>{S.data.keep}</h3>
      <form
        class="form-row"
        onSubmit={async (e) => {
          e.preventDefault();
          await model.saveRetention();
        }}
      >
        <label>
          {S.data.retention}
          <input
            name="retentionDays"
            inputMode="numeric"
            value={model.retentionText.value}
            onInput={(e) => {
              model.retentionDraft.value = e.currentTarget.value;
            }}
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
          <select
            value={model.csvAccount.value}
            onChange={(e) => {
              model.csvAccount.value = e.currentTarget.value;
            }}
          >
            <option value="">{S.data.allAccounts}</option>
            {model.accounts.value.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn" disabled={busy} onClick={() => void model.exportCsv(model.csvAccount.value)}>
          {S.data.exportCsv}
        </button>
      </div>

      <h3 id="import-heading">{S.data.import}</h3>
      <p class="muted">{S.data.importNote}</p>
      <div class="form-row">
        <FilePicker
          label={S.data.backupFile}
          accept=".json,application/json"
          testId="import-backup"
          disabled={busy}
          describedBy={model.importError.value ? 'import-error' : undefined}
          onFile={(file) => void model.chooseBackup(file)}
        />
      </div>
      {model.importError.value && (
        <p role="alert" class="error" id="import-error" data-testid="import-error">
          {model.importError.value}
        </p>
      )}
      {pending && (
        <div class="import-confirm" role="alertdialog" aria-labelledby="import-preview" data-testid="import-confirm">
          <p id="import-preview">
            <strong>{S.data.previewHeading(pending.name)}</strong>
          </p>
          <p data-testid="import-counts">{S.data.previewCounts(pending.preview)}</p>
          <p data-testid="import-range">
            {pending.preview.from !== undefined && pending.preview.to !== undefined
              ? S.data.previewRange(pending.preview.from, pending.preview.to)
              : S.data.previewNoDates}
          </p>
          <ul class="muted">
            <li>{S.data.replaceNote}</li>
            <li>{S.data.mergeNote}</li>
          </ul>
          <div class="form-row">
            <button
              type="button"
              class="btn"
              autoFocus
              disabled={busy}
              onClick={() => void model.confirmImport('merge')}
            >
              {S.data.merge}
            </button>
            <button
              type="button"
              class="btn btn--danger"
              disabled={busy}
              onClick={() => void model.confirmImport('replace')}
            >
              {S.data.replace}
            </button>
            <button type="button" class="btn btn--ghost" disabled={busy} onClick={() => model.cancelImport()}>
              {S.data.cancel}
            </button>
          </div>
        </div>
      )}

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

      {model.quarantined.value.length > 0 && (
        <div data-testid="quarantine">
          <h3>{S.data.quarantineHeading}</h3>
          <p class="muted">{S.data.quarantineNote}</p>
          <ul class="quarantine">
            {model.quarantined.value.map((q, i) => (
              <li key={`${q.field}-${i}`}>
                <code dir="ltr">{q.why}</code>
                <div class="form-row">
                  <button type="button" class="btn" disabled={busy} onClick={() => void model.restoreQuarantined(i)}>
                    {S.data.restore}
                  </button>
                  <button
                    type="button"
                    class="btn btn--ghost"
                    disabled={busy}
                    onClick={() => void model.deleteQuarantined(i)}
                  >
                    {S.data.delete}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}

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
  describedBy?: string | undefined;
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
        aria-describedby={props.describedBy}
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
