/**
 * Every rule's id, in the order of `allRules`: what the options page lists for the per-rule switches without
 * loading the rules' code (a test checks the two agree).
 */
export const RULE_IDS = [
  'hosting-ip',
  'copied-session',
  'unknown-device',
  'impossible-travel',
  'blocklisted-ip',
  'weaker-second-factor',
  'failed-login-burst',
  'password-spraying',
  'dormant-account',
  'new-country',
  'cross-account',
  'new-session',
  'new-city',
  'outside-schedule',
  'night-sign-in',
  'too-many-sessions',
  'stale-session',
  'session-lifetime',
  'new-api-key',
  'api-call-unknown-network',
  'new-whitelist-address',
  'api-key-withdraw',
  'unlisted-api-key',
  'api-key-unrestricted',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
