import { isConfirmedKey, isUnconfirmedNewKey, keyEvidence, keyName, MOVES_FUNDS } from './backdoor-evidence';
import type { Rule } from './rule';

/** A key that may withdraw or transfer funds, which the user has not confirmed: the seeds' second look. */
export const apiKeyWithdraw: Rule = {
  id: 'api-key-withdraw',
  title: 'An API key that can withdraw or transfer funds',
  evaluate(ctx) {
    const out = [];
    for (const k of ctx.apiKeys ?? []) {
      if (k.deletedAt !== undefined || k.status === 'disabled') continue;
      const rights = k.permissions.filter((p) => MOVES_FUNDS.has(p));
      if (!rights.length || (isConfirmedKey(ctx, k) && !isUnconfirmedNewKey(ctx, k))) continue;
      out.push({
        rule: 'api-key-withdraw',
        subject: `key|${k.keyHash}`,
        severity: 'medium' as const,
        reason: `The API key ${keyName(k)} may move funds out (${rights.join(', ')}). Keep such a key only if you need it.`,
        message: { key: 'reason_apiKeyWithdraw', args: [keyName(k), rights.join(', ')] },
        evidence: keyEvidence(ctx, k),
      });
    }
    return out;
  },
};
