/** What one reading of a page carries between the rooms: its context, the cells, rows and hints it collects, its budget. */

import type {
  ClientKind,
  ExtractedApiCall,
  ExtractedApiKey,
  ExtractedLogin,
  ExtractedSession,
  ExtractedWhitelistEntry,
  LoginOutcome,
  SecondFactor,
  SessionStatus,
} from '../types';
import type { ApiField } from './api-words';
import type { FieldName } from './labels';
import type { PageElement, PageNode } from './page-node';
import type { ParseTimeOptions } from './time';

export const CURRENT_CLASS =
  /(?:^|[\s_-])(?:current|is-current|this-device|current-session|current-device)(?=$|[\s_-])/i;
export const MACHINE_TIME = /^\s*(?:\d{4}-\d{2}-\d{2}|\d{10}(?:\d{3})?\s*$)/;

export type Slot = FieldName | 'anyTime';
export type Put = { f: Slot | 'cur' | 'label' | 'raw'; t: string; label?: FieldName };

/** What one cell, line or run of inline nodes says, read once. */
export interface Cell {
  text: string;
  /** Tag of the element the line is, when it is one element: `dt`/`th`/`label` lines are labels by markup. */
  tag?: string;
  /** Raw text and where each top-level node's text starts, to split "<b>IP</b> 1.2.3.4" into label and value. */
  raw: string;
  cuts: number[];
  attr?: string;
  ua?: string;
  dot?: SessionStatus;
  /** What a text-less icon says in its aria-label, title or alt ("Failed"). */
  icon?: string;
  /** Success/failure told only by a text-less icon's class (`icon-error`, `status-success`). */
  mark?: LoginOutcome;
  rev: boolean;
  /** A class names the current session (`current-session`): markup the page wrote, not text. */
  cur: boolean;
  /** An element of its own inside the cell says "This device": a badge, read apart from the cell's text. */
  badge: boolean;
  puts?: Put[];
  /** What the line labels for an API-key or whitelist card, read once (api-cards.ts); null when nothing. */
  api?: { f: ApiField; value?: string; tokens?: string[] } | null;
}

export interface Row {
  /** Read only: a new row shares one empty list (records.ts, newRow), replaced as the row gains a device. */
  dev: readonly string[];
  ua?: string;
  ip?: string;
  loc?: string;
  time?: number;
  first?: number;
  last?: number;
  /** Read only, as `dev`. */
  anyTime: readonly number[];
  status?: SessionStatus;
  outcome?: LoginOutcome;
  factor?: SecondFactor;
  kind?: ClientKind;
  /** 3: a class says current; 2: a badge element or a status cell says "This device"; 1: "active now" only. */
  cur: number;
  rev: boolean;
  dot?: SessionStatus;
  /** An outcome told only by an icon's class: used for a login when nothing says it in words. */
  mark?: LoginOutcome;
}

export interface Ctx {
  now: number;
  /** When the budget runs out, on the budget's clock; checked every few hundred steps. */
  deadline?: { at: number; clock: () => number };
  steps: number;
  timeZone?: string;
  lang?: string;
  seen: number;
  claimed: Set<PageNode>;
  lines: Map<PageNode, Cell>;
  runs: Map<PageNode, (Cell | PageElement)[]>;
  groups: Map<PageNode, PageElement[]>;
  sessions: ExtractedSession[];
  logins: ExtractedLogin[];
  hasSessionList: boolean;
  hasLoginList: boolean;
  /** API keys, API calls and whitelisted addresses read so far; a list is present (maybe empty) once its header is. */
  api: ApiLists;
  /** Account identifiers seen, with the node they were read from. */
  hints: Hint[];
  /** Rows and cards read as sessions or sign-ins: an identifier inside one is the row's text, not the page's. */
  records: Set<PageNode>;
  /**
   * Rows of tables and header-row lists read as records, a list each, kept whole rather than row by row in `records`
   * (a list of thousands of rows would be put in a set for the few account hints asked of it): a list is put in
   * `records` once a hint's ancestor stands beside its rows (account-hints.ts, isInRecord).
   */
  recordRows: RowList[];
  /** ExtractOptions.sumEveryLine. */
  sumEveryLine?: boolean;
  /** The options a time without a machine attribute is read with, made once per reading. */
  timeOpts?: ParseTimeOptions;
}

/** A reading's state before anything is read: what `extractScan` starts from (tests read single parts from it). */
export function newCtx(o: Pick<Ctx, 'now' | 'deadline' | 'timeZone' | 'lang' | 'sumEveryLine'>): Ctx {
  return {
    now: o.now,
    steps: 0,
    ...(o.deadline ? { deadline: o.deadline } : {}),
    timeZone: o.timeZone,
    lang: o.lang,
    seen: 0,
    claimed: new Set(),
    lines: new Map(),
    runs: new Map(),
    groups: new Map(),
    sessions: [],
    logins: [],
    hasSessionList: false,
    hasLoginList: false,
    api: {},
    hints: [],
    records: new Set(),
    recordRows: [],
    sumEveryLine: o.sumEveryLine,
  };
}

export interface ApiLists {
  keys?: ExtractedApiKey[];
  calls?: ExtractedApiCall[];
  whitelist?: ExtractedWhitelistEntry[];
}

/** The rows of one list read as records, and the nodes they stand in (found when first asked). */
export interface RowList {
  rows: PageNode[];
  parents?: (PageNode | null)[];
}

export interface Hint {
  node: PageNode;
  kind: 'attr' | 'uid' | 'masked';
  value: string;
  /** Where the node stands in document order (pre-order count of the elements read), to rank hints of a kind. */
  at: number;
}

/** Thrown when extraction ran past its budget: the page is refused whole. */
export class ExtractionBudgetError extends Error {
  constructor() {
    super('This page takes too long to read');
  }
}

/** Counts a step of work and throws once the budget is spent. */
export function spend(ctx: Ctx): void {
  if (!ctx.deadline || ++ctx.steps & 255) return;
  if (ctx.deadline.clock() > ctx.deadline.at) throw new ExtractionBudgetError();
}
