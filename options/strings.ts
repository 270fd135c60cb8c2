/**
 * The options page's strings: a typed accessor over the `options_*` messages in `_locales` (see src/ui/i18n.ts).
 * Properties are getters and functions, read at render time, so they follow the catalog loaded at start-up.
 * Numbers come in as numbers and are formatted for the UI locale here; none of these return markup.
 */
import type { Thresholds } from '../src/core/rules/rule';
import type { DeviceType } from '../src/core/types';
import { formatNumber, type MessageKey, t, weekdayName } from '../src/ui/i18n';

type OptionsKey = Extract<MessageKey, `options_${string}`>;
type Stem<K> = K extends `options_${infer R}` ? R : never;

const m = (key: Stem<OptionsKey>, ...args: (string | number)[]): string =>
  t(`options_${key}` as OptionsKey, ...args.map((a) => (typeof a === 'number' ? formatNumber(a) : a)));

/** English has one and other; zh_CN and ar phrase both so the count's form does not matter. */
type PluralStem = Stem<OptionsKey> extends infer K ? (K extends `${infer P}_one` ? P : never) : never;
const plural = (n: number, stem: PluralStem, ...args: (string | number)[]): string =>
  m(`${stem}_${n === 1 ? 'one' : 'other'}`, ...args);

const DEVICE_TYPES: Record<DeviceType, Stem<OptionsKey>> = {
  desktop: 'trusted_type_desktop',
  phone: 'trusted_type_phone',
  tablet: 'trusted_type_tablet',
  app: 'trusted_type_app',
  api: 'trusted_type_api',
  unknown: 'trusted_type_unknown',
};

const THRESHOLD_FIELDS: Record<keyof Thresholds, Stem<OptionsKey>> = {
  maxActiveSessions: 'thresholds_maxActiveSessions',
  staleSessionDays: 'thresholds_staleSessionDays',
  maxSessionLifetimeDays: 'thresholds_maxSessionLifetimeDays',
  newCityRadiusKm: 'thresholds_newCityRadiusKm',
  impossibleTravelKmh: 'thresholds_impossibleTravelKmh',
  failedLoginBurst: 'thresholds_failedLoginBurst',
  failedLoginWindowHours: 'thresholds_failedLoginWindowHours',
  minHistoryLogins: 'thresholds_minHistoryLogins',
  historyLookbackDays: 'thresholds_historyLookbackDays',
};

export const S = {
  get pageTitle() {
    return m('pageTitle');
  },
  get sectionsNav() {
    return m('sectionsNav');
  },
  get remindersHeading() {
    return m('remindersHeading');
  },
  get saved() {
    return m('saved');
  },
  loadFailed: (why: string) => m('loadFailed', why),

  trusted: {
    get heading() {
      return m('trusted_heading');
    },
    get intro() {
      return m('trusted_intro');
    },
    get none() {
      return m('trusted_none');
    },
    get listLabel() {
      return m('trusted_heading');
    },
    get add() {
      return m('trusted_add');
    },
    get save() {
      return m('trusted_save');
    },
    get cancel() {
      return m('cancel');
    },
    get edit() {
      return m('edit');
    },
    get delete() {
      return m('delete');
    },
    editAria: (name: string) => m('trusted_editAria', name),
    deleteAria: (name: string) => m('trusted_deleteAria', name),
    get formAdd() {
      return m('trusted_formAdd');
    },
    formEdit: (name: string) => m('trusted_formEdit', name),
    get name() {
      return m('trusted_name');
    },
    get namePlaceholder() {
      return m('trusted_namePlaceholder');
    },
    get pattern() {
      return m('trusted_pattern');
    },
    patternPlaceholder: 'Chrome * macOS',
    get browser() {
      return m('trusted_browser');
    },
    browserPlaceholder: 'Chrome',
    get os() {
      return m('trusted_os');
    },
    osPlaceholder: 'macOS',
    get model() {
      return m('trusted_model');
    },
    modelPlaceholder: 'iPhone 15*',
    get deviceType() {
      return m('trusted_deviceType');
    },
    get anyType() {
      return m('trusted_anyType');
    },
    deviceTypeName: (type: DeviceType) => m(DEVICE_TYPES[type]),
    get networks() {
      return m('trusted_networks');
    },
    get anyNetwork() {
      return m('trusted_anyNetwork');
    },
    get someNetworks() {
      return m('trusted_someNetworks');
    },
    get ipRanges() {
      return m('trusted_ipRanges');
    },
    get countries() {
      return m('trusted_countries');
    },
    countriesPlaceholder: 'GB, FR',
    get accounts() {
      return m('trusted_accounts');
    },
    get allAccounts() {
      return m('allAccounts');
    },
    get someAccounts() {
      return m('trusted_someAccounts');
    },
    get noAccountsYet() {
      return m('trusted_noAccountsYet');
    },
    get summaryAnything() {
      return m('trusted_summaryAnything');
    },
    get anyNetworkShort() {
      return m('trusted_anyNetworkShort');
    },
    get anywhere() {
      return m('trusted_anywhere');
    },
    get everyAccount() {
      return m('trusted_everyAccount');
    },
    preview: (matched: number, total: number) =>
      total === 0 ? m('trusted_previewNone') : plural(total, 'trusted_preview', matched, total),
    draftPreview: (matched: number, total: number) =>
      total === 0 ? m('trusted_previewNone') : m('trusted_draftPreview', matched, total),
    get countriesNote() {
      return m('trusted_countriesNote');
    },
    get ended() {
      return m('ended');
    },
    get errName() {
      return m('trusted_errName');
    },
    get errNoCriterion() {
      return m('trusted_errNoCriterion');
    },
    get errNoRanges() {
      return m('trusted_errNoRanges');
    },
    errRange: (x: string) => m('trusted_errRange', x),
    errCountry: (x: string) => m('trusted_errCountry', x),
    get errNoAccounts() {
      return m('trusted_errNoAccounts');
    },
  },

  schedules: {
    get heading() {
      return m('schedules_heading');
    },
    get intro() {
      return m('schedules_intro');
    },
    get none() {
      return m('schedules_none');
    },
    get listLabel() {
      return m('schedules_heading');
    },
    get add() {
      return m('schedules_add');
    },
    get save() {
      return m('schedules_save');
    },
    get cancel() {
      return m('cancel');
    },
    get edit() {
      return m('edit');
    },
    get delete() {
      return m('delete');
    },
    editAria: (name: string) => m('schedules_editAria', name),
    deleteAria: (name: string) => m('schedules_deleteAria', name),
    get formAdd() {
      return m('schedules_formAdd');
    },
    formEdit: (name: string) => m('schedules_editAria', name),
    get label() {
      return m('schedules_label');
    },
    get labelPlaceholder() {
      return m('schedules_labelPlaceholder');
    },
    get timeZone() {
      return m('schedules_timeZone');
    },
    get grid() {
      return m('schedules_grid');
    },
    get gridHelp() {
      return m('schedules_gridHelp');
    },
    cellLabel: (day: string, from: string, to: string) => m('schedules_cellLabel', day, from, to),
    get clear() {
      return m('schedules_clear');
    },
    get everyDay() {
      return m('schedules_everyDay');
    },
    get windowsNone() {
      return m('schedules_windowsNone');
    },
    nextDay: (window: string) => m('schedules_nextDay', window),
    outside: (n: number, total: number) =>
      total === 0
        ? m('schedules_outsideNone')
        : n === 0
          ? m('schedules_allInside', total)
          : m('schedules_outside', n, total),
    more: (n: number) => m('more', n),
    get errName() {
      return m('schedules_errName');
    },
    get errEmpty() {
      return m('schedules_errEmpty');
    },
    errZone: (z: string) => m('schedules_errZone', z),
  },

  blocklist: {
    get heading() {
      return m('blocklist_heading');
    },
    get intro() {
      return m('blocklist_intro');
    },
    get none() {
      return m('blocklist_none');
    },
    get listLabel() {
      return m('blocklist_listLabel');
    },
    get input() {
      return m('blocklist_input');
    },
    placeholder: '198.51.100.0/24',
    get add() {
      return m('blocklist_add');
    },
    get remove() {
      return m('remove');
    },
    removeAria: (x: string) => m('blocklist_removeAria', x),
    errInvalid: (x: string) => m('blocklist_errInvalid', x),
    errDuplicate: (x: string) => m('blocklist_errDuplicate', x),
  },

  thresholds: {
    get heading() {
      return m('thresholds_heading');
    },
    get intro() {
      return m('thresholds_intro');
    },
    defaultIs: (v: number) => m('thresholds_defaultIs', v),
    get reset() {
      return m('thresholds_reset');
    },
    resetAria: (label: string) => m('thresholds_resetAria', label),
    // Bounds of a number input: written as one would type them, without grouping.
    errRange: (min: number, max: number) =>
      m('thresholds_errRange', formatNumber(min, { useGrouping: false }), formatNumber(max, { useGrouping: false })),
    field: (k: keyof Thresholds) => ({
      label: m(THRESHOLD_FIELDS[k]),
      unit: m(`${THRESHOLD_FIELDS[k]}_unit` as Stem<OptionsKey>),
    }),
  },

  sites: {
    get heading() {
      return m('sites_heading');
    },
    get builtIn() {
      return m('sites_builtIn');
    },
    get documented() {
      return m('sites_documented');
    },
    get bestEffort() {
      return m('sites_bestEffort');
    },
    get yours() {
      return m('sites_yours');
    },
    get noneYet() {
      return m('sites_noneYet');
    },
    get remove() {
      return m('remove');
    },
    removeAria: (name: string) => m('sites_removeAria', name),
    get addForm() {
      return m('sites_addForm');
    },
    get label() {
      return m('sites_label');
    },
    get pattern() {
      return m('sites_pattern');
    },
    get logoutOptional() {
      return m('sites_logoutOptional');
    },
    get add() {
      return m('sites_add');
    },
    get errPattern() {
      return m('sites_errPattern');
    },
    errBuiltIn: (host: string) => m('sites_errBuiltIn', host),
    errExists: (host: string) => m('sites_errExists', host),
    get errCannotSave() {
      return m('sites_errCannotSave');
    },
    get errSameHost() {
      return m('sites_errSameHost');
    },
    errNotGranted: (origin: string) => m('sites_errNotGranted', origin),
    get logoutHeading() {
      return m('sites_logoutHeading');
    },
    get logoutIntro() {
      return m('sites_logoutIntro');
    },
    logoutLabel: (site: string) => m('sites_logoutLabel', site),
    get logoutSave() {
      return m('save');
    },
    logoutSaveAria: (site: string) => m('sites_logoutSaveAria', site),
    get logoutReset() {
      return m('sites_logoutReset');
    },
    logoutResetAria: (site: string) => m('sites_logoutResetAria', site),
    get errLogoutUrl() {
      return m('sites_errLogoutUrl');
    },
    errLogoutHost: (hosts: string) => m('sites_errLogoutHost', hosts),
  },

  history: {
    get heading() {
      return m('history_heading');
    },
    get intro() {
      return m('history_intro');
    },
    get none() {
      return m('history_none');
    },
    get account() {
      return m('history_account');
    },
    get range() {
      return m('history_range');
    },
    days: (n: number) => m('history_days', n),
    get success() {
      return m('history_success');
    },
    get failed() {
      return m('history_failed');
    },
    chartLabel: (ok: number, failed: number, days: number) => m('history_chartLabel', ok, failed, days),
    barTitle: (day: string, ok: number, failed: number) => m('history_barTitle', day, ok, failed),
    peak: (n: number) => m('history_peak', n),
    get truncated() {
      return m('history_truncated');
    },
    get devices() {
      return m('history_devices');
    },
    get noSessions() {
      return m('history_noSessions');
    },
    sessionCount: (n: number, live: number) => plural(n, 'history_sessionCount', n, live),
    lastActive: (when: string) => m('history_lastActive', when),
    get ended() {
      return m('ended');
    },
    get unknownIp() {
      return m('history_unknownIp');
    },
  },

  reminders: {
    get intro() {
      return m('reminders_intro');
    },
    get enabled() {
      return m('reminders_enabled');
    },
    get days() {
      return m('reminders_days');
    },
    get about() {
      return m('reminders_about');
    },
    cadence: (field: 'deviceReview' | 'staleCleanup' | 'credentialCheck', fallback: number) => ({
      label: m(`reminders_${field}`),
      hint: m(`reminders_${field}Hint`, fallback),
    }),
    get errDays() {
      return m('reminders_errDays');
    },
  },

  data: {
    get heading() {
      return m('data_heading');
    },
    get keep() {
      return m('data_keep');
    },
    get retention() {
      return m('data_retention');
    },
    get save() {
      return m('save');
    },
    get export() {
      return m('data_export');
    },
    get exportNote() {
      return m('data_exportNote');
    },
    get exportJson() {
      return m('data_exportJson');
    },
    get csvOf() {
      return m('data_csvOf');
    },
    get allAccounts() {
      return m('allAccounts');
    },
    get exportCsv() {
      return m('data_exportCsv');
    },
    get import() {
      return m('data_import');
    },
    get importNote() {
      return m('data_importNote');
    },
    get backupFile() {
      return m('data_backupFile');
    },
    get checklist() {
      return m('data_checklist');
    },
    get checklistNote() {
      return m('data_checklistNote');
    },
    get importChecklist() {
      return m('data_importChecklist');
    },
    get exportChecklist() {
      return m('data_exportChecklist');
    },
    get wipe() {
      return m('data_wipe');
    },
    get wipeQuestion() {
      return m('data_wipeQuestion');
    },
    get wipeWarning() {
      return m('data_wipeWarning');
    },
    get wipeConfirm() {
      return m('data_wipeConfirm');
    },
    get wipeAsk() {
      return m('data_wipeAsk');
    },
    get cancel() {
      return m('cancel');
    },
    exportedBackup: (accounts: number, sessions: number, logins: number) =>
      m('data_exportedBackup', accounts, sessions, logins),
    exportedLogins: (n: number) => plural(n, 'data_exportedLogins', n),
    tooLarge: (file: string, bytes: number) =>
      m(
        'data_tooLarge',
        file,
        m('data_megabytes', formatNumber(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })),
      ),
    imported: (accounts: number, sessions: number, logins: number, warnings: number) =>
      m('data_imported', accounts, sessions, logins, warnings),
    get wiped() {
      return m('data_wiped');
    },
    get errRetention() {
      return m('data_errRetention');
    },
    keptFor: (days: number) => (days === 0 ? m('data_keptForever') : m('data_keptDays', days)),
    exportedChecklist: (n: number) => plural(n, 'data_exportedChecklist', n),
    checklistTooLarge: (file: string) => m('data_checklistTooLarge', file),
    importedChecklist: (n: number) => plural(n, 'data_importedChecklist', n),
  },

  /** "Mon, Wed" / "周一、周三" / "الاثنين، الأربعاء". */
  list: (items: string[]) => items.join(m('listSeparator')),
  /** "Mon 09:00–11:00; Sat 10:00–12:00", with the locale's semicolon. */
  groups: (items: string[]) => items.join(m('groupSeparator')),
  /** Weekday `day` (0 = Sunday) in the UI locale. */
  day: (day: number) => weekdayName(day, 'long'),
  dayShort: (day: number) => weekdayName(day, 'short'),
  errSave: (path: string, message: string) => (path ? m('errSavePath', path, message) : m('errSave', message)),
};
