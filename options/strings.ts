/**
 * Every user-visible string of the options page's editors, in English, in one place so they can move to
 * `_locales` messages later. Functions take the variable parts; none return markup.
 */
import type { Thresholds } from '../src/core/rules/rule';
import type { DeviceType } from '../src/core/types';

export const S = {
  pageTitle: 'Session Watchdog settings',
  sectionsNav: 'Sections',
  saved: 'Saved.',
  loadFailed: (why: string) => `The stored data could not be read: ${why}`,

  trusted: {
    heading: 'Trusted devices',
    intro:
      'Sessions on a device that matches none of these are flagged. Every field you fill in must match; empty fields match anything. A pattern is matched against the device text the site shows (for example "Chrome on macOS" or "iPhone*"); * matches anything.',
    none: 'No trusted devices yet: every session will be flagged until you add yours.',
    listLabel: 'Trusted devices',
    add: 'Add trusted device',
    save: 'Save changes',
    cancel: 'Cancel',
    edit: 'Edit',
    delete: 'Delete',
    editAria: (name: string) => `Edit ${name}`,
    deleteAria: (name: string) => `Delete ${name}`,
    formAdd: 'Add a trusted device',
    formEdit: (name: string) => `Edit trusted device ${name}`,
    name: 'Name',
    namePlaceholder: 'My MacBook',
    pattern: 'Device pattern',
    patternPlaceholder: 'Chrome * macOS',
    browser: 'Browser',
    browserPlaceholder: 'Chrome',
    os: 'Operating system',
    osPlaceholder: 'macOS',
    model: 'Model',
    modelPlaceholder: 'iPhone 15*',
    deviceType: 'Device type',
    anyType: 'Any type',
    deviceTypes: {
      desktop: 'Desktop',
      phone: 'Phone',
      tablet: 'Tablet',
      app: 'App',
      api: 'API',
      unknown: 'Unknown',
    } satisfies Record<DeviceType, string>,
    networks: 'Networks',
    anyNetwork: 'Any network',
    someNetworks: 'Only these IP ranges',
    ipRanges: 'IP ranges, one per line (CIDR)',
    countries: 'Countries (ISO codes, comma-separated; empty for anywhere)',
    countriesPlaceholder: 'GB, FR',
    accounts: 'Accounts',
    allAccounts: 'All accounts',
    someAccounts: 'Only these accounts',
    noAccountsYet: 'No accounts stored yet: the device applies to all accounts.',
    summaryAnything: 'any device text',
    anyNetworkShort: 'any network',
    anywhere: 'anywhere',
    everyAccount: 'all accounts',
    accountCount: (n: number) => (n === 1 ? '1 account' : `${n} accounts`),
    preview: (matched: number, total: number) =>
      total === 0
        ? 'No sessions stored yet to preview against.'
        : `Matches ${matched} of ${total} stored ${total === 1 ? 'session' : 'sessions'}.`,
    draftPreview: (matched: number, total: number) =>
      total === 0 ? 'No sessions stored yet to preview against.' : `As typed, this matches ${matched} of ${total}.`,
    countriesNote:
      'Countries are checked against the place the site shows; the preview cannot resolve places, so it counts only the other criteria.',
    ended: 'ended',
    errName: 'Give the device a name.',
    errNoCriterion:
      'Fill in at least one of pattern, browser, operating system, model, device type, IP ranges or countries: a device with none would trust every session.',
    errNoRanges: 'Enter at least one IP range, or choose "Any network".',
    errRange: (x: string) => `"${x}" is not an IP address or range; use a form like 203.0.113.0/24 or 2001:db8::/48.`,
    errCountry: (x: string) => `"${x}" is not a two-letter country code (for example GB, US, HK).`,
    errNoAccounts: 'Choose at least one account, or "All accounts".',
  },

  schedules: {
    heading: 'Schedules',
    intro:
      'The hours you use your accounts, in a time zone. A sign-in outside every schedule that applies to its account is flagged. Windows may run past midnight.',
    none: 'No schedules: sign-in times are not checked.',
    listLabel: 'Schedules',
    add: 'Add schedule',
    newSchedule: 'New schedule',
    save: 'Save schedule',
    cancel: 'Cancel',
    edit: 'Edit',
    delete: 'Delete',
    editAria: (name: string) => `Edit schedule ${name}`,
    deleteAria: (name: string) => `Delete schedule ${name}`,
    formAdd: 'Add a schedule',
    formEdit: (name: string) => `Edit schedule ${name}`,
    label: 'Schedule label',
    labelPlaceholder: 'Work week',
    timeZone: 'Time zone',
    grid: 'Weekly hours',
    gridHelp:
      'Click or drag to switch hours on and off. With the keyboard: arrow keys move, Space or Enter switches the hour, Home and End jump along the day.',
    cellLabel: (day: string, from: string, to: string) => `${day} ${from} to ${to}`,
    clear: 'Clear all',
    weekdays: 'Mon–Fri 09:00–18:00',
    everyDay: 'Every hour',
    windowsNone: 'No hours chosen yet.',
    outside: (n: number, total: number) =>
      total === 0
        ? 'No stored sign-ins to preview against.'
        : n === 0
          ? `All ${total} stored sign-ins fall inside.`
          : `${n} of ${total} stored sign-ins fall outside:`,
    more: (n: number) => `and ${n} more`,
    errName: 'Give the schedule a label.',
    errEmpty: 'Switch on at least one hour.',
    errZone: (z: string) => `"${z}" is not a time zone this browser knows.`,
  },

  blocklist: {
    heading: 'Blocklist',
    intro: 'Sign-ins and attempts from these addresses or ranges are flagged as high severity.',
    none: 'Nothing blocked.',
    listLabel: 'Blocked addresses',
    input: 'IP address or range',
    placeholder: '198.51.100.0/24',
    add: 'Block',
    remove: 'Remove',
    removeAria: (x: string) => `Unblock ${x}`,
    errInvalid: (x: string) => `"${x}" is not an IP address or range; use a form like 198.51.100.7 or 2001:db8::/32.`,
    errDuplicate: (x: string) => `${x} is already on the blocklist.`,
  },

  thresholds: {
    heading: 'Thresholds',
    intro: 'When each rule speaks up. Changes apply from the next scan.',
    defaultIs: (v: number) => `Default: ${v}`,
    reset: 'Reset',
    resetAria: (label: string) => `Reset ${label} to its default`,
    errRange: (min: number, max: number) => `Enter a number from ${min} to ${max}.`,
    fields: {
      maxActiveSessions: { label: 'Most active sessions before a warning', unit: 'sessions' },
      staleSessionDays: { label: 'A session is stale after', unit: 'days inactive' },
      maxSessionLifetimeDays: { label: 'Longest session lifetime', unit: 'days' },
      newCityRadiusKm: { label: 'A new city is farther than', unit: 'km from known places' },
      impossibleTravelKmh: { label: 'Impossible travel above', unit: 'km/h' },
      failedLoginBurst: { label: 'Failed sign-ins that make a burst: more than', unit: 'attempts' },
      failedLoginWindowHours: { label: 'Failed sign-in burst window', unit: 'hours' },
      minHistoryLogins: { label: 'History needed before comparing with the past', unit: 'sign-ins' },
    } satisfies Record<keyof Thresholds, { label: string; unit: string }>,
  },

  sites: {
    logoutHeading: 'Log-out-all pages',
    logoutIntro:
      '"Log out of all devices" opens this page. Leave empty for the built-in page; a page must be on the site\'s own host.',
    logoutLabel: (site: string) => `Log-out-all page for ${site}`,
    logoutSave: 'Save',
    logoutSaveAria: (site: string) => `Save log-out-all page for ${site}`,
    logoutReset: 'Use default',
    logoutResetAria: (site: string) => `Use the default log-out-all page for ${site}`,
    errLogoutUrl: 'Enter a full https address, like https://www.binance.com/en/my/security/device-management',
    errLogoutHost: (hosts: string) => `The page must be on ${hosts}.`,
  },

  history: {
    heading: 'History',
    intro: 'Sign-ins per day as the sites reported them, and the sessions stored for each device.',
    none: "No accounts stored yet. Open a supported site's security page to start.",
    account: 'Account',
    range: 'Period',
    days: (n: number) => `Last ${n} days`,
    success: 'Successful',
    failed: 'Failed',
    chartLabel: (ok: number, failed: number, days: number) =>
      `${ok} successful and ${failed} failed sign-ins over the last ${days} days`,
    barTitle: (day: string, ok: number, failed: number) => `${day}: ${ok} successful, ${failed} failed`,
    truncated: 'Only the most recent sign-ins are counted.',
    devices: 'Sessions by device',
    noSessions: 'No sessions stored for this account.',
    sessionCount: (n: number, live: number) => `${n} ${n === 1 ? 'session' : 'sessions'}, ${live} active`,
    lastActive: 'last active',
    ended: 'ended',
    unknownIp: 'no IP shown',
  },

  days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  daysShort: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  errSave: (path: string, message: string) => `Not saved: ${path ? `${path}: ` : ''}${message}`,
} as const;
