import { PART_OR } from '../core/reason-parts';
/** zod issues as a person reads them: the path of the bad field, then what was expected there. */
import type { z } from './zod';

/**
 * An import error as a `_locales` message (the options page shows it in its language) with its English words,
 * which every other reader gets. Paths and values are arguments, so they stay exact in every language.
 */
export interface ErrorMessage {
  key: string;
  args: (string | ErrorMessage)[];
}

/**
 * The English of every error message, for the worker and for whatever cannot show the message. The catalog's
 * English is the same text (a test holds them together).
 */
export const ENGLISH_ERRORS = {
  importErr_expected: '{1}: expected {2}',
  importErr_unknownField: '{1}: unknown field',
  importErr_unknownFields: '{1}: unknown fields',
  importErr_tooManyItems: '{1}: more than {2} items',
  importErr_tooLong: '{1}: longer than {2} characters',
  importErr_above: '{1}: above {2}',
  importErr_tooFewItems: '{1}: fewer than {2} items',
  importErr_tooShort: '{1}: shorter than {2} characters',
  importErr_below: '{1}: below {2}',
  importErr_notValid: '{1}: not a valid value',
  importErr_other: '{1}: {2}',
  importErr_date: '{1}: expected a date like 2026-04-14',
  importErr_cidr: '{1}: expected a CIDR like 203.0.113.0/24 or "mobile"',
  importErr_duplicate: '{1}: duplicate key {2}',
  importErr_noAccount: '{1}: no such account in accounts',
  importErr_andOneMore: '{1} (and 1 more problem)',
  importErr_andMore: '{1} (and {2} more problems)',
  importErr_backupTooLarge: 'The file is over 50 MB; backups that large are refused.',
  importErr_notJson: 'Not a JSON file: {1}',
  importErr_format: '{1}: expected "{2}" (not a Session Watchdog backup)',
  importErr_version: '{1}: {2} is newer than this extension reads ({3}); update it first',
  importErr_invalidBackup: 'The file is not a valid backup.',
  importErr_notWritten: 'The backup could not be written; nothing was changed ({1})',
  importErr_checklistTooLarge: 'The file is over 256 KB; a checklist is smaller.',
  importErr_notYaml: 'Not valid YAML: {1}',
  importErr_invalidChecklist: 'The file is not a valid checklist.',
  importErr_pattern: '{1}: use a pattern like https://exchange.example/profile/security*',
  importErr_tooManyLogoutPages: '{1}: too many log-out pages',
  importErr_invalidMerge: 'Joined with what is stored, the data would not be a valid backup; nothing was changed.',
  importErr_accountCap: '{1}: more than {2} for account {3}, more than the extension keeps of one account',
  importErr_interrupted:
    'The import was interrupted (the extension restarted); nothing was changed. Choose the file again.',
  importErr_exportInterrupted: 'The export was interrupted (the extension restarted); nothing was saved. Export again.',
  importErr_noCriterion:
    '{1}: a trusted device must name at least one criterion (browser, system, model, type, pattern, network or country)',
  importErr_logoutHost: "{1}: the log-out page must be on the site's own host",
  importErr_tooManyRuleSwitches: '{1}: too many rule switches',
  importType_string: 'string',
  importType_number: 'number',
  importType_boolean: 'boolean',
  importType_object: 'object',
  importType_array: 'array',
} as const;
export type ErrorKey = keyof typeof ENGLISH_ERRORS;

/** The words of refinements in our schemas, each with its message: the schemas use these very constants. */
export const REFINE_DATE = 'expected a date like 2026-04-14';
export const REFINE_CIDR = 'expected a CIDR like 203.0.113.0/24 or "mobile"';
export const REFINE_NO_ACCOUNT = 'no such account in accounts';
export const REFINE_PATTERN = 'Use a pattern like https://exchange.example/profile/security*';
export const REFINE_LOGOUT_PAGES = 'Too many log-out pages';
export const REFINE_NO_CRITERION = 'A trusted device must name at least one criterion';
export const REFINE_LOGOUT_HOST = "The log-out page must be on the site's own host";
export const REFINE_RULE_SWITCHES = 'Too many rule switches';
const REFINED: Record<string, ErrorKey> = {
  [REFINE_DATE]: 'importErr_date',
  [REFINE_CIDR]: 'importErr_cidr',
  [REFINE_NO_ACCOUNT]: 'importErr_noAccount',
  [REFINE_PATTERN]: 'importErr_pattern',
  [REFINE_LOGOUT_PAGES]: 'importErr_tooManyLogoutPages',
  [REFINE_NO_CRITERION]: 'importErr_noCriterion',
  [REFINE_LOGOUT_HOST]: 'importErr_logoutHost',
  [REFINE_RULE_SWITCHES]: 'importErr_tooManyRuleSwitches',
};

export function errorMessage(key: ErrorKey, ...args: ErrorMessage['args']): ErrorMessage {
  return { key, args };
}

/** The English words of an error message. */
export function englishError(m: ErrorMessage): string {
  if (m.key === PART_OR) return m.args.map((a) => (typeof a === 'string' ? a : englishError(a))).join(' or ');
  const template: string = ENGLISH_ERRORS[m.key as ErrorKey] ?? m.key;
  return template.replace(/\{(\d)\}/g, (hole, n: string) => {
    const arg = m.args[Number(n) - 1];
    if (arg === undefined) return hole;
    return typeof arg === 'string' ? arg : englishError(arg);
  });
}

/** An error whose words the page can show in its own language; `message` is the English. */
export class LocalisedError extends Error {
  constructor(
    readonly localised: ErrorMessage,
    english = englishError(localised),
  ) {
    super(english);
  }
}

/** `sessions[3].ip` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

const TYPES = new Set(['string', 'number', 'boolean', 'object', 'array']);

/** "string", or a catalog phrase for the types the schemas use. */
function typeName(expected: string): string | ErrorMessage {
  return TYPES.has(expected) ? { key: `importType_${expected}`, args: [] } : expected;
}

/** `"a" or "b" or "c"`: values stay as JSON writes them, the word between them is the reader's. */
function either(values: string[]): ErrorMessage {
  return { key: PART_OR, args: values };
}

/** One issue as a message: the path of the bad field, then what was expected there. */
export function issueMessage(issue: z.core.$ZodIssue): ErrorMessage {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return errorMessage('importErr_expected', at, typeName(issue.expected));
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? errorMessage('importErr_unknownField', formatPath([...issue.path, issue.keys[0] as string]))
        : errorMessage('importErr_unknownFields', issue.keys.map((k) => formatPath([...issue.path, k])).join(', '));
    case 'invalid_value':
      return errorMessage('importErr_expected', at, either(issue.values.map(describe)));
    case 'too_big':
      return errorMessage(
        issue.origin === 'array'
          ? 'importErr_tooManyItems'
          : issue.origin === 'string'
            ? 'importErr_tooLong'
            : 'importErr_above',
        at,
        String(issue.maximum),
      );
    case 'too_small':
      return errorMessage(
        issue.origin === 'array'
          ? 'importErr_tooFewItems'
          : issue.origin === 'string'
            ? 'importErr_tooShort'
            : 'importErr_below',
        at,
        String(issue.minimum),
      );
    case 'invalid_union':
      return errorMessage('importErr_notValid', at);
    default: {
      const known = REFINED[issue.message];
      if (known) return errorMessage(known, at);
      const duplicate = /^duplicate key (.*)$/s.exec(issue.message);
      if (duplicate) return errorMessage('importErr_duplicate', at, duplicate[1] ?? '');
      // backup.ts, accountCapWords
      const cap = /^more than (\d{1,9}) rows of account (.*)$/s.exec(issue.message);
      if (cap) return errorMessage('importErr_accountCap', at, cap[1] ?? '', cap[2] ?? '');
      return errorMessage('importErr_other', at, issue.message);
    }
  }
}

/** One issue as a person reads it in English. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  return englishError(issueMessage(issue));
}

/** The first of several issues, saying how many more there are. */
export function issuesMessage(issues: readonly z.core.$ZodIssue[], otherwise: ErrorKey): ErrorMessage {
  const [first, ...rest] = issues;
  if (!first) return errorMessage(otherwise);
  const m = issueMessage(first);
  if (!rest.length) return m;
  return rest.length === 1
    ? errorMessage('importErr_andOneMore', m)
    : errorMessage('importErr_andMore', m, String(rest.length));
}
