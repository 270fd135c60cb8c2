/**
 * The options page's strings: a typed accessor over the `options_*` messages in `_locales` (see src/ui/i18n.ts).
 * Properties are getters and functions, read at render time, so they follow the catalog loaded at start-up.
 * Numbers come in as numbers and are formatted for the UI locale here; none of these return markup.
 */
import { type RuleId, ruleNameKey } from '../src/core/rules/rule-ids';
import type { ThresholdName } from '../src/core/rules/thresholds';
import type { ReportLabels } from '../src/core/support-report';
import type { DeviceType } from '../src/core/types';
import type { z } from '../src/shared/zod';
import { formatIssue, issueMessage } from '../src/shared/zod-issue';
import { formatNumber, languageTag, type MessageKey, renderReason, t, weekdayName } from '../src/ui/i18n';
import type { ActionWords } from './overview-model';

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

/**
 * A rule's name, from its catalog key `ruleNameKey(id)` (the reasons that name a rule read the same key;
 * scripts/rule-rows.test.ts checks every rule has it in the three catalogs).
 */
const ruleName = (id: RuleId): Stem<OptionsKey> => ruleNameKey(id).slice('options_'.length) as Stem<OptionsKey>;

/**
 * `rest` with a getter for each of `keys` (name → `options_*` stem), read at render time like the others: the
 * page's strings follow whichever catalog is loaded. The stems are checked against the English catalog's keys.
 */
function withTexts<const T extends Record<string, Stem<OptionsKey>>, R extends object>(
  keys: T,
  rest: R,
): R & { readonly [P in keyof T]: string } {
  for (const [name, key] of Object.entries(keys)) {
    Object.defineProperty(rest, name, { get: () => m(key), enumerable: true });
  }
  return rest as R & { readonly [P in keyof T]: string };
}

export const S = withTexts(
  {
    pageTitle: 'pageTitle',
    sectionsNav: 'sectionsNav',
    remindersHeading: 'remindersHeading',
    saved: 'saved',
  },
  {
    loadFailed: (why: string) => m('loadFailed', why),

    trusted: withTexts(
      {
        whichDevice: 'trusted_whichDevice',
        pickSeen: 'trusted_pickSeen',
        pickNone: 'trusted_pickNone',
        fromWhere: 'trusted_fromWhere',
        anyConsequence: 'trusted_anyConsequence',
        someConsequence: 'trusted_someConsequence',
        networksSeen: 'trusted_networksSeen',
        heading: 'trusted_heading',
        intro: 'trusted_intro',
        none: 'trusted_none',
        listLabel: 'trusted_heading',
        add: 'trusted_add',
        save: 'trusted_save',
        cancel: 'cancel',
        edit: 'edit',
        delete: 'delete',
        formAdd: 'trusted_formAdd',
        name: 'trusted_name',
        namePlaceholder: 'trusted_namePlaceholder',
        pattern: 'trusted_pattern',
        browser: 'trusted_browser',
        os: 'trusted_os',
        model: 'trusted_model',
        deviceType: 'trusted_deviceType',
        anyType: 'trusted_anyType',
        networks: 'trusted_networks',
        anyNetwork: 'trusted_anyNetwork',
        anyNetworkNote: 'trusted_anyNetworkNote',
        someNetworks: 'trusted_someNetworks',
        ipRanges: 'trusted_ipRanges',
        countries: 'trusted_countries',
        accounts: 'trusted_accounts',
        allAccounts: 'allAccounts',
        someAccounts: 'trusted_someAccounts',
        noAccountsYet: 'trusted_noAccountsYet',
        summaryAnything: 'trusted_summaryAnything',
        anyNetworkShort: 'trusted_anyNetworkShort',
        anywhere: 'trusted_anywhere',
        everyAccount: 'trusted_everyAccount',
        countriesNote: 'trusted_countriesNote',
        ended: 'ended',
        errName: 'trusted_errName',
        errNoCriterion: 'trusted_errNoCriterion',
        errNoRanges: 'trusted_errNoRanges',
        errNoAccounts: 'trusted_errNoAccounts',
      },
      {
        seenSessions: (label: string, n: number) => plural(n, 'trusted_seenSessions', label, n),
        networkSeen: (cidr: string, places: string, n: number) => plural(n, 'trusted_networkSeen', cidr, places, n),
        editAria: (name: string) => m('trusted_editAria', name),
        deleteAria: (name: string) => m('trusted_deleteAria', name),
        formEdit: (name: string) => m('trusted_formEdit', name),
        patternPlaceholder: 'Chrome * macOS',
        browserPlaceholder: 'Chrome',
        osPlaceholder: 'macOS',
        modelPlaceholder: 'iPhone 15*',
        deviceTypeName: (type: DeviceType) => m(DEVICE_TYPES[type]),
        countriesPlaceholder: 'GB, FR',
        preview: (matched: number, total: number) =>
          total === 0 ? m('trusted_previewNone') : plural(total, 'trusted_preview', matched, total),
        draftPreview: (matched: number, total: number) =>
          total === 0 ? m('trusted_previewNone') : m('trusted_draftPreview', matched, total),
        seenNetworks: (list: string) => m('trusted_seenNetworks', list),
        errRange: (x: string) => m('trusted_errRange', x),
        errCountry: (x: string) => m('trusted_errCountry', x),
      },
    ),

    schedules: withTexts(
      {
        heading: 'schedules_heading',
        intro: 'schedules_intro',
        none: 'schedules_none',
        listLabel: 'schedules_heading',
        add: 'schedules_add',
        save: 'schedules_save',
        cancel: 'cancel',
        edit: 'edit',
        delete: 'delete',
        formAdd: 'schedules_formAdd',
        label: 'schedules_label',
        labelPlaceholder: 'schedules_labelPlaceholder',
        timeZone: 'schedules_timeZone',
        grid: 'schedules_grid',
        gridHelp: 'schedules_gridHelp',
        clear: 'schedules_clear',
        everyDay: 'schedules_everyDay',
        windowsNone: 'schedules_windowsNone',
        errName: 'schedules_errName',
        errEmpty: 'schedules_errEmpty',
      },
      {
        editAria: (name: string) => m('schedules_editAria', name),
        deleteAria: (name: string) => m('schedules_deleteAria', name),
        formEdit: (name: string) => m('schedules_editAria', name),
        cellLabel: (day: string, from: string, to: string) => m('schedules_cellLabel', day, from, to),
        nextDay: (window: string) => m('schedules_nextDay', window),
        outside: (n: number, total: number) =>
          total === 0
            ? m('schedules_outsideNone')
            : n === 0
              ? m('schedules_allInside', total)
              : m('schedules_outside', n, total),
        more: (n: number) => m('more', n),
        errZone: (z: string) => m('schedules_errZone', z),
      },
    ),

    blocklist: withTexts(
      {
        heading: 'blocklist_heading',
        intro: 'blocklist_intro',
        none: 'blocklist_none',
        listLabel: 'blocklist_listLabel',
        input: 'blocklist_input',
        add: 'blocklist_add',
        remove: 'remove',
      },
      {
        placeholder: '198.51.100.0/24',
        removeAria: (x: string) => m('blocklist_removeAria', x),
        errInvalid: (x: string) => m('blocklist_errInvalid', x),
        errDuplicate: (x: string) => m('blocklist_errDuplicate', x),
      },
    ),

    thresholds: withTexts(
      {
        heading: 'thresholds_heading',
        intro: 'thresholds_intro',
        reset: 'thresholds_reset',
      },
      {
        defaultIs: (v: number) => m('thresholds_defaultIs', v),
        resetAria: (label: string) => m('thresholds_resetAria', label),
        // Bounds of a number input: written as one would type them, without grouping.
        errRange: (min: number, max: number) =>
          m(
            'thresholds_errRange',
            formatNumber(min, { useGrouping: false }),
            formatNumber(max, { useGrouping: false }),
          ),
        // Each threshold's label and unit are named after it (src/core/rules/thresholds.ts); the type checker
        // refuses a threshold whose two keys the English catalog lacks.
        field: (k: ThresholdName) => ({
          label: m(`thresholds_${k}`),
          unit: m(`thresholds_${k}_unit`),
        }),
      },
    ),

    overview: withTexts(
      {
        heading: 'overview_heading',
        none: 'overview_none',
        clear: 'overview_clear',
        showMap: 'overview_showMap',
      },
      {
        // One account of one: "Your account needs attention.", not "1 of 1 accounts".
        attention: (n: number, total: number) =>
          total === 1 ? m('overview_attentionOnly') : plural(n, 'overview_attention', n, total),
        allGood: (total: number, when: string) => m('overview_allGood', total, when),
        open: (n: number) => plural(n, 'overview_open', n),
        low: (n: number) => plural(n, 'overview_low', n),
        lastScan: (when: string) => m('overview_lastScan', when),
        more: (n: number) => m('overview_more', n),
        severity: (s: 'high' | 'medium') => m(s === 'high' ? 'overview_severity_high' : 'overview_severity_medium'),
      },
    ),

    map: withTexts(
      {
        heading: 'map_heading',
        intro: 'map_intro',
        account: 'map_account',
        loading: 'map_loading',
        none: 'map_none',
        travel: 'map_travel',
        noPlaces: 'map_noPlaces',
        tableSummary: 'map_tableSummary',
        place: 'map_place',
        status: 'map_status',
        sessions: 'map_sessions',
        signIns: 'map_signIns',
        addresses: 'map_addresses',
        from: 'map_from',
        to: 'map_to',
        timeline: 'map_timeline',
        timelineSummary: 'map_timelineSummary',
        time: 'map_time',
        what: 'map_what',
        device: 'map_device',
        address: 'map_address',
        attribution: 'map_attribution',
      },
      {
        trust: (t: 'trusted' | 'untrusted' | 'hosting') => m(`map_trust_${t}`),
        kind: (k: 'session' | 'signIn' | 'failed') => m(`map_kind_${k}`),
        mapLabel: (places: number, untrusted: number, hosting: number, travel: number) =>
          m('map_mapLabel', places, untrusted, hosting, travel),
        distance: (km: number, hours: number) => m('map_distance', km, hours),
        timelineLabel: (from: string, to: string, sessions: number, signIns: number, untrusted: number) =>
          m('map_timelineLabel', from, to, sessions, signIns, untrusted),
      },
    ),

    report: withTexts(
      {
        save: 'report_save',
      },
      {
        saveAria: (account: string) => m('report_saveAria', account),
        saved: (file: string) => m('report_saved', file),
        failed: (why: string) => m('report_failed', why),
        /** The file's words, in the page's language. */
        labels: (): ReportLabels => ({
          title: m('report_title', '{1}'),
          intro: m('report_intro'),
          account: m('report_account'),
          site: m('report_site'),
          accountId: m('report_accountId'),
          generated: m('report_generated'),
          reasons: m('report_reasons'),
          sessions: m('report_sessions'),
          signIns: m('report_signIns'),
          actions: m('report_actions'),
          timeUtc: m('report_timeUtc'),
          timeLocal: m('report_timeLocal'),
          address: m('report_address'),
          provider: m('report_provider'),
          place: m('report_place'),
          device: m('report_device'),
          outcome: m('report_outcome'),
          firstSeen: m('report_firstSeen'),
          lastActive: m('report_lastActive'),
          action: m('report_action'),
          none: m('report_none'),
          succeeded: m('report_succeeded'),
          failed: m('report_failedOutcome'),
          footer: m('report_footer'),
          apiKeys: m('report_apiKeys'),
          whitelist: m('report_whitelist'),
          label: m('report_label'),
          maskedForm: m('report_maskedForm'),
          permissions: m('report_permissions'),
          network: m('report_network'),
          confirmation: m('report_confirmation'),
          confirmed: m('report_confirmed'),
          notConfirmed: m('report_notConfirmed'),
        }),
        words: (): ActionWords => ({
          checklistStarted: m('report_checklistStarted'),
          stepDone: (step) => m('report_stepDone', step),
          stepTicked: (step) => m('report_stepTicked', step),
          stepUnticked: (step) => m('report_stepUnticked', step),
          logOutAllOpened: m('report_logOutAllOpened'),
          signOutOpened: (device, ip) => m('report_signOutOpened', device, ip),
          stepName: (step) => t(`step_${step}`),
          markedReviewed: m('report_markedReviewed'),
          acknowledged: (reason) => m('report_acknowledged', reason),
          dismissed: (reason) => m('report_dismissed', reason),
        }),
      },
    ),

    rules: withTexts(
      {
        heading: 'rules_heading',
        intro: 'rules_intro',
        deviceNote: 'rules_deviceNote',
        on: 'rules_on',
        off: 'rules_off',
      },
      {
        name: (id: RuleId) => m(ruleName(id)),
        switchedOff: (name: string) => m('rules_switchedOff', name),
      },
    ),

    sites: withTexts(
      {
        heading: 'sites_heading',
        builtIn: 'sites_builtIn',
        documented: 'sites_documented',
        bestEffort: 'sites_bestEffort',
        yours: 'sites_yours',
        noneYet: 'sites_noneYet',
        remove: 'remove',
        addForm: 'sites_addForm',
        label: 'sites_label',
        pattern: 'sites_pattern',
        logoutOptional: 'sites_logoutOptional',
        add: 'sites_add',
        errPattern: 'sites_errPattern',
        errCannotSave: 'sites_errCannotSave',
        errSameHost: 'sites_errSameHost',
        logoutHeading: 'sites_logoutHeading',
        logoutIntro: 'sites_logoutIntro',
        logoutSave: 'save',
        logoutReset: 'sites_logoutReset',
        errLogoutUrl: 'sites_errLogoutUrl',
      },
      {
        removeAria: (name: string) => m('sites_removeAria', name),
        errBuiltIn: (host: string) => m('sites_errBuiltIn', host),
        errExists: (host: string) => m('sites_errExists', host),
        errNotGranted: (origin: string) => m('sites_errNotGranted', origin),
        logoutLabel: (site: string) => m('sites_logoutLabel', site),
        logoutSaveAria: (site: string) => m('sites_logoutSaveAria', site),
        logoutResetAria: (site: string) => m('sites_logoutResetAria', site),
        errLogoutHost: (hosts: string) => m('sites_errLogoutHost', hosts),
      },
    ),

    history: withTexts(
      {
        heading: 'history_heading',
        intro: 'history_intro',
        none: 'history_none',
        account: 'history_account',
        range: 'history_range',
        success: 'history_success',
        failed: 'history_failed',
        truncated: 'history_truncated',
        devices: 'history_devices',
        noSessions: 'history_noSessions',
        ended: 'ended',
        unknownIp: 'history_unknownIp',
      },
      {
        days: (n: number) => m('history_days', n),
        chartLabel: (ok: number, failed: number, days: number) => m('history_chartLabel', ok, failed, days),
        barTitle: (day: string, ok: number, failed: number) => m('history_barTitle', day, ok, failed),
        peak: (n: number) => m('history_peak', n),
        byChecks: (n: number) => m('history_byChecks', n),
        sessionCount: (n: number, live: number) => plural(n, 'history_sessionCount', n, live),
        lastActive: (when: string) => m('history_lastActive', when),
      },
    ),

    checks: withTexts({ heading: 'checks_heading', none: 'checks_none' }, {}),

    reminders: withTexts(
      {
        intro: 'reminders_intro',
        enabled: 'reminders_enabled',
        days: 'reminders_days',
        about: 'reminders_about',
        errDays: 'reminders_errDays',
      },
      {
        cadence: (field: 'deviceReview' | 'staleCleanup' | 'credentialCheck', fallback: number) => ({
          label: m(`reminders_${field}`),
          hint: m(`reminders_${field}Hint`, fallback),
        }),
      },
    ),

    data: withTexts(
      {
        heading: 'data_heading',
        keep: 'data_keep',
        retention: 'data_retention',
        save: 'save',
        export: 'data_export',
        exportNote: 'data_exportNote',
        exportJson: 'data_exportJson',
        csvOf: 'data_csvOf',
        allAccounts: 'allAccounts',
        exportCsv: 'data_exportCsv',
        import: 'data_import',
        importNote: 'data_importNote',
        backupFile: 'data_backupFile',
        chooseFile: 'data_chooseFile',
        checklist: 'data_checklist',
        checklistNote: 'data_checklistNote',
        importChecklist: 'data_importChecklist',
        exportChecklist: 'data_exportChecklist',
        wipe: 'data_wipe',
        wipeQuestion: 'data_wipeQuestion',
        wipeWarning: 'data_wipeWarning',
        wipeConfirm: 'data_wipeConfirm',
        wipeAsk: 'data_wipeAsk',
        cancel: 'cancel',
        wiped: 'data_wiped',
        errRetention: 'data_errRetention',
        previewNoDates: 'data_previewNoDates',
        replaceNote: 'data_replaceNote',
        mergeNote: 'data_mergeNote',
        replace: 'data_replace',
        merge: 'data_merge',
        quarantineHeading: 'data_quarantineHeading',
        quarantineNote: 'data_quarantineNote',
        restore: 'data_restore',
        delete: 'data_delete',
        removed: 'data_removed',
      },
      {
        exportedBackup: (accounts: number, sessions: number, logins: number) =>
          m('data_exportedBackup', accounts, sessions, logins),
        exportedLogins: (n: number) => plural(n, 'data_exportedLogins', n),
        tooLarge: (file: string, bytes: number) =>
          m(
            'data_tooLarge',
            file,
            m(
              'data_megabytes',
              formatNumber(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
            ),
          ),
        imported: (accounts: number, sessions: number, logins: number, warnings: number) =>
          m('data_imported', accounts, sessions, logins, warnings),
        merged: (accounts: number, sessions: number, logins: number, warnings: number) =>
          m('data_merged', accounts, sessions, logins, warnings),
        previewHeading: (file: string) => m('data_previewHeading', file),
        previewCounts: (p: { accounts: number; sessions: number; logins: number; warnings: number; scans: number }) =>
          m('data_previewCounts', p.accounts, p.sessions, p.logins, p.warnings, p.scans),
        /** Dates in the UI locale, UTC (a backup's history is not tied to this machine's zone). */
        previewRange: (from: number, to: number) => {
          const date = new Intl.DateTimeFormat(languageTag(), { dateStyle: 'medium', timeZone: 'UTC' });
          return m('data_previewRange', date.format(from), date.format(to));
        },
        restored: (field: string) => m('data_restored', field),
        stillInvalid: (why: string) => m('data_stillInvalid', why),
        keptFor: (days: number) => (days === 0 ? m('data_keptForever') : m('data_keptDays', days)),
        exportedChecklist: (n: number) => plural(n, 'data_exportedChecklist', n),
        checklistTooLarge: (file: string) => m('data_checklistTooLarge', file),
        importedChecklist: (n: number) => plural(n, 'data_importedChecklist', n),
      },
    ),

    /** "Mon, Wed" / "周一、周三" / "الاثنين، الأربعاء". */
    list: (items: string[]) => items.join(m('listSeparator')),
    /** "Mon 09:00–11:00; Sat 10:00–12:00", with the locale's semicolon. */
    groups: (items: string[]) => items.join(m('groupSeparator')),
    /** Weekday `day` (0 = Sunday) in the UI locale. */
    day: (day: number) => weekdayName(day, 'long'),
    dayShort: (day: number) => weekdayName(day, 'short'),
    errSave: (path: string, message: string) => (path ? m('errSavePath', path, message) : m('errSave', message)),
    /** "Not saved: name: longer than 100 characters" in the UI language, the field's path exact. */
    errIssue: (issue: z.core.$ZodIssue | undefined) =>
      m('errSave', issue ? (renderReason(issueMessage(issue)) ?? formatIssue(issue)) : 'invalid'),
  },
);
