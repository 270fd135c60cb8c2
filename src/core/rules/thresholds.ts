/**
 * Every threshold, defined once: its default, the range the options page accepts and the settings schema enforces,
 * whether it is a whole number, and whether settings stored before it existed may lack it. The rules' settings type
 * (`Thresholds`), the defaults, the schema (src/shared/schemas.ts) and the options page's fields (label
 * `options_thresholds_<name>`, unit `options_thresholds_<name>_unit`, checked against the catalog by the type
 * checker in options/strings.ts) are derived from this table: a new threshold is one entry here, its two catalog
 * keys in each language, and the rule that reads it.
 */
export interface ThresholdDefinition {
  defaultValue: number;
  min: number;
  max: number;
  isInteger: boolean;
  /** Added after the first release: optional in stored settings (their default then applies). */
  isOptional?: true;
}

export const THRESHOLDS = {
  maxActiveSessions: { defaultValue: 5, min: 1, max: 1000, isInteger: true },
  staleSessionDays: { defaultValue: 30, min: 1, max: 3650, isInteger: true },
  maxSessionLifetimeDays: { defaultValue: 180, min: 1, max: 3650, isInteger: true },
  newCityRadiusKm: { defaultValue: 100, min: 0, max: 20_000, isInteger: false },
  impossibleTravelKmh: { defaultValue: 900, min: 100, max: 10_000, isInteger: false },
  failedLoginBurst: { defaultValue: 5, min: 1, max: 1000, isInteger: true },
  failedLoginWindowHours: { defaultValue: 24, min: 1, max: 24 * 30, isInteger: false },
  /** History needed before rules that compare with the past speak. */
  minHistoryLogins: { defaultValue: 5, min: 0, max: 1000, isInteger: true },
  /** Days before the account's first scan whose logins are still judged; older ones serve as baseline only. 0 judges all history. */
  historyLookbackDays: { defaultValue: 30, min: 0, max: 3650, isInteger: true, isOptional: true },
} as const satisfies Record<string, ThresholdDefinition>;

export type ThresholdName = keyof typeof THRESHOLDS;
type OptionalName = {
  [K in ThresholdName]: (typeof THRESHOLDS)[K] extends { isOptional: true } ? K : never;
}[ThresholdName];

/** Thresholds for every rule; the defaults live in `defaultThresholds`. */
export type Thresholds = Flat<
  { [K in Exclude<ThresholdName, OptionalName>]: number } & { [K in OptionalName]?: number }
>;
type Flat<T> = { [K in keyof T]: T[K] };

export const THRESHOLD_NAMES = Object.keys(THRESHOLDS) as ThresholdName[];

export const defaultThresholds: Thresholds = Object.fromEntries(
  THRESHOLD_NAMES.map((name) => [name, THRESHOLDS[name].defaultValue]),
) as Thresholds;
