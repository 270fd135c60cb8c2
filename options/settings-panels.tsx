/**
 * The settings and history sections and their model (zod, the device parser, the YAML reader): a chunk loaded right after the
 * page's first paint, so the Overview shows before this code has arrived.
 */
import { sendMessage } from '../src/platform/messaging';
import { removeOrigins, requestOrigins } from '../src/platform/permissions';
import { loadQuarantine, onQuarantineChanged, onSettingsChanged, saveQuarantine } from '../src/platform/storage';
import type { ActivityModel } from './activity-model';
import { BackgroundChecksPanel } from './background-checks';
import { BlocklistPanel } from './blocklist-panel';
import { DataPanel } from './data';
import { createDataModel, type DataModel } from './data-model';
import { downloadText } from './download-text';
import { HistoryPanel } from './history-panel';
import { createOptionsModel, type OptionsModel } from './model';
import { RemindersPanel } from './reminders';
import { SchedulesPanel } from './schedules-panel';
import { settingsStore } from './settings-store';
import { SitesPanel } from './sites';
import { createSitesModel, type SitesModel } from './sites-model';
import { ThresholdsPanel } from './thresholds-panel';
import { TrustedDevicesPanel } from './trusted-devices-panel';

let model: OptionsModel | undefined;
let sites: SitesModel | undefined;

/** One settings model for the page, loaded once and kept in step with other contexts' writes. */
function settingsModel(): OptionsModel {
  if (!model) {
    const m = createOptionsModel(settingsStore);
    void m.load();
    // Another context (the popup's "This was me") may change settings while this page is open.
    onSettingsChanged((s) => {
      m.settings.value = s;
    });
    model = m;
  }
  return model;
}

export function SettingsPanels({ activity }: { activity: ActivityModel }) {
  const m = settingsModel();
  sites ??= createSitesModel(m, sendMessage, { request: requestOrigins, remove: removeOrigins });
  return (
    <>
      {m.error.value && (
        <p role="alert" class="error">
          {m.error.value}
        </p>
      )}
      <TrustedDevicesPanel model={m} activity={activity} />
      <SchedulesPanel model={m} activity={activity} />
      <BlocklistPanel model={m} />
      <ThresholdsPanel model={m} />
      <SitesPanel model={m} sites={sites} />
      <div id="reminders">
        <RemindersPanel
          settings={m.settings}
          save={async (next) => {
            // Validated like every other settings write; a refusal shows at the top of the page.
            m.error.value = await m.update(() => next);
          }}
          accounts={activity.accounts.value.map((a) => ({
            id: a.account.id,
            label: `${a.siteName} ${a.account.hint}`,
          }))}
        />
      </div>
      <BackgroundChecksPanel activity={activity} />
      <HistoryPanel activity={activity} />
    </>
  );
}

let data: DataModel | undefined;

/** The Data section's model, wired to the worker, the page's settings and the set-aside settings in storage. */
function dataModel(activity: ActivityModel): DataModel {
  if (!data) {
    const options = settingsModel();
    data = createDataModel({
      transport: sendMessage,
      store: settingsStore,
      download: downloadText,
      settings: options.settings,
      onSettings: (s) => {
        options.settings.value = s;
      },
      // An import or a wipe changes the history under every view: they read it again (no reload).
      onData: activity.load,
      quarantine: { load: loadQuarantine, save: saveQuarantine, watch: onQuarantineChanged },
    });
  }
  return data;
}

export function DataSection({ activity }: { activity: ActivityModel }) {
  return <DataPanel model={dataModel(activity)} />;
}
