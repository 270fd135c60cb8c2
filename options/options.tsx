import { BackgroundChecksPanel } from './background-checks';
import { BlocklistPanel } from './blocklist-panel';
import { DataPanel } from './data';
import { HistoryPanel } from './history-panel';
import type { ActivityModel, OptionsModel } from './model';
import { RemindersPanel } from './reminders';
import { SchedulesPanel } from './schedules-panel';
import { SitesPanel } from './sites';
import { S } from './strings';
import { ThresholdsPanel } from './thresholds-panel';
import { TrustedDevicesPanel } from './trusted-devices-panel';

/** One entry per section, in page order: a section is added here and in the page below. Read at render time (locale). */
const sections = (): { id: string; title: string }[] => [
  { id: 'trusted', title: S.trusted.heading },
  { id: 'schedules', title: S.schedules.heading },
  { id: 'blocklist', title: S.blocklist.heading },
  { id: 'thresholds', title: S.thresholds.heading },
  { id: 'sites', title: S.sites.heading },
  { id: 'reminders', title: S.remindersHeading },
  { id: 'checks', title: S.checks.heading },
  { id: 'history', title: S.history.heading },
  { id: 'data', title: S.data.heading },
];

export function Options({ model, activity }: { model: OptionsModel; activity: ActivityModel }) {
  return (
    <main class="options-main">
      <h1>{S.pageTitle}</h1>
      <nav aria-label={S.sectionsNav} class="options-nav">
        {sections().map((s) => (
          <a key={s.id} href={`#${s.id}`}>
            {s.title}
          </a>
        ))}
      </nav>
      {model.error.value && (
        <p role="alert" class="error">
          {model.error.value}
        </p>
      )}
      {activity.error.value && (
        <p role="alert" class="error">
          {activity.error.value}
        </p>
      )}
      <TrustedDevicesPanel model={model} activity={activity} />
      <SchedulesPanel model={model} activity={activity} />
      <BlocklistPanel model={model} />
      <ThresholdsPanel model={model} />
      <SitesPanel model={model} />
      <div id="reminders">
        <RemindersPanel
          settings={model.settings}
          save={async (next) => {
            // Validated like every other settings write; a refusal shows at the top of the page.
            model.error.value = await model.update(() => next);
          }}
          accounts={activity.accounts.value.map((a) => ({
            id: a.account.id,
            label: `${a.siteName} ${a.account.hint}`,
          }))}
        />
      </div>
      <BackgroundChecksPanel activity={activity} />
      <HistoryPanel activity={activity} />
      {/* An import or a wipe changes the history under every view: they read it again (no reload). */}
      <DataPanel model={model} onData={activity.load} />
    </main>
  );
}
