import type { ActivityModel } from './activity-model';
import { Lazy } from './lazy';
import { OverviewPanel } from './overview';
import { S } from './strings';

/** One entry per section, in page order: a section is added here and in the page below. Read at render time (locale). */
const sections = (): { id: string; title: string }[] => [
  { id: 'overview', title: S.overview.heading },
  { id: 'trusted', title: S.trusted.heading },
  { id: 'schedules', title: S.schedules.heading },
  { id: 'blocklist', title: S.blocklist.heading },
  { id: 'thresholds', title: S.thresholds.heading },
  { id: 'sites', title: S.sites.heading },
  { id: 'reminders', title: S.remindersHeading },
  { id: 'checks', title: S.checks.heading },
  { id: 'history', title: S.history.heading },
  { id: 'data', title: S.data.heading },
  { id: 'map', title: S.map.heading },
];

const settingsChunk = () => import('./settings-panels');
const mapChunk = () => import('./map-panel');

export function Options({ activity }: { activity: ActivityModel }) {
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
      {activity.error.value && (
        <p role="alert" class="error">
          {activity.error.value}
        </p>
      )}
      <OverviewPanel activity={activity} />
      <Lazy isEager minHeight="100vh" load={settingsChunk} render={(m) => <m.SettingsPanels activity={activity} />} />
      <Lazy isEager load={settingsChunk} render={(m) => <m.DataSection activity={activity} />} />
      {/* Last: the map loads when it comes into view, and nothing below it moves when it does; at once when the page
          is opened on it (a link to options/index.html#map): the sections above it grow as their code comes
          in and could push it back out of view before it was seen, leaving the map unloaded. */}
      <section class="panel" id="map" aria-labelledby="map-heading">
        <h2 id="map-heading" tabIndex={-1}>
          {S.map.heading}
        </h2>
        <p class="muted">{S.map.intro}</p>
        <Lazy isEager={location.hash === '#map'} load={mapChunk} render={(m) => <m.MapPanel activity={activity} />} />
      </section>
    </main>
  );
}
