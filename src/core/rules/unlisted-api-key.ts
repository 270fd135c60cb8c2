import { isChecklisted, isUnconfirmedNewKey, keyEvidence, keyName } from './backdoor-evidence';
import type { Rule } from './rule';

/**
 * A key the page shows that the imported checklist, which names this account, does not list as it is (its label,
 * or a right beyond the listed ones): the checklist is the user's statement of what should exist, so a difference
 * is worth a look. New keys are judged by new-api-key instead.
 */
export const unlistedApiKey: Rule = {
  id: 'unlisted-api-key',
  title: 'An API key your checklist does not list',
  evaluate(ctx) {
    if (!ctx.checklistApiKeys) return [];
    const out = [];
    for (const k of ctx.apiKeys ?? []) {
      if (k.deletedAt !== undefined || k.confirmedAt !== undefined || k.status === 'disabled') continue;
      if (isChecklisted(ctx.checklistApiKeys, k) || isUnconfirmedNewKey(ctx, k)) continue;
      out.push({
        rule: 'unlisted-api-key',
        subject: `key|${k.keyHash}`,
        severity: 'medium' as const,
        reason: `The API key ${keyName(k)} (${k.permissions.join(', ') || 'no rights shown'}) is not in your checklist as it is. Delete it, or add it to the checklist if it is yours.`,
        message: {
          key: 'reason_unlistedApiKey',
          args: [keyName(k), k.permissions.join(', ') || { key: 'reason_noRightsShown', args: [] }],
        },
        evidence: keyEvidence(ctx, k),
      });
    }
    return out;
  },
};
