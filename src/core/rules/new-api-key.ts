import { intruderAround, isUnconfirmedNewKey, keyEvidence, keyName, keyTime } from './backdoor-evidence';
import type { Rule } from './rule';

/**
 * An API key that appeared since the last visit and that the user has not confirmed: API keys do not depend on a
 * session, so logging an intruder out leaves theirs working (the seeds: "only deletion cuts off access"). Made
 * while an untrusted session was signed in, it joins that intruder's incident.
 */
export const newApiKey: Rule = {
  id: 'new-api-key',
  title: 'A new API key since your last visit that you have not confirmed',
  evaluate(ctx) {
    const out = [];
    for (const k of ctx.apiKeys ?? []) {
      if (!isUnconfirmedNewKey(ctx, k)) continue;
      const around = intruderAround(ctx, keyTime(k));
      out.push({
        rule: 'new-api-key',
        subject: `key|${k.keyHash}`,
        severity: 'high' as const,
        reason: around
          ? `A new API key ${keyName(k)} appeared while ${around.device || 'A device'}, a device you have not trusted, was signed in. Delete it unless you made it.`
          : `A new API key ${keyName(k)} appeared since your last visit and you have not confirmed it. Delete it unless you made it.`,
        message: around
          ? { key: 'reason_newApiKeyDuring', args: [keyName(k), around.device || { key: 'reason_aDevice', args: [] }] }
          : { key: 'reason_newApiKey', args: [keyName(k)] },
        evidence: keyEvidence(ctx, k),
      });
    }
    return out;
  },
};
