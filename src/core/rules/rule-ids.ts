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

/**
 * The catalog key of a rule's name ("new-city" → "options_rule_newCity"): the options page's switches and a reason
 * that names a rule read it, in every language (a test checks every id has one in the three catalogs).
 */
export function ruleNameKey(id: string): `options_rule_${string}` {
  return `options_rule_${id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}`;
}
