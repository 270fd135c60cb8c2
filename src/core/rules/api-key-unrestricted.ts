import { isConfirmedKey, isUnconfirmedNewKey, keyEvidence, keyName, TRADES } from './backdoor-evidence';
import type { Rule } from './rule';

/** A trading key usable from any address: anyone who copies it can trade from anywhere. */
export const apiKeyUnrestricted: Rule = {
  id: 'api-key-unrestricted',
  title: 'A trading API key without an IP restriction',
  evaluate(ctx) {
    const out = [];
    for (const k of ctx.apiKeys ?? []) {
      if (k.deletedAt !== undefined || k.status === 'disabled') continue;
      const isOpen = k.unrestricted === true || (k.ipRestriction !== undefined && k.ipRestriction.length === 0);
      if (!isOpen || !k.permissions.some((p) => TRADES.has(p))) continue;
      if (isConfirmedKey(ctx, k) && !isUnconfirmedNewKey(ctx, k)) continue;
      out.push({
        rule: 'api-key-unrestricted',
        subject: `key|${k.keyHash}`,
        severity: 'low' as const,
        reason: `The API key ${keyName(k)} can trade and works from any address: restrict it to your own IPs.`,
        message: { key: 'reason_apiKeyUnrestricted', args: [keyName(k)] },
        evidence: keyEvidence(ctx, k),
      });
    }
    return out;
  },
};
