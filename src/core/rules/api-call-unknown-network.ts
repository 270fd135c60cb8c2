import { cidrListMatcher, parseIp } from '../ip';
import type { StoredApiCall, StoredApiKey } from '../types';
import { isNewSince, keyEvidence, keyName } from './backdoor-evidence';
import { FindingGroups } from './group';
import { networkOfIp, prefixOf } from './network';
import type { Rule, RuleContext } from './rule';

/** Who announces a caller's address (its provider), else its /24 or /64: what "seen for that key" compares. */
function providerOf(ctx: RuleContext, ip: string | undefined): { id: string; name?: string } | undefined {
  const net = networkOfIp(ctx, ip);
  if (net) return { id: `as${net.asn}`, name: net.name };
  const prefix = prefixOf(ip);
  return prefix ? { id: prefix } : undefined;
}

/** Every hash a key may be named by, to its key (the first key listed wins a shared label). */
function keysByRef(keys: StoredApiKey[]): Map<string, StoredApiKey> {
  const out = new Map<string, StoredApiKey>();
  for (const k of keys) for (const r of k.refs) if (!out.has(r)) out.set(r, k);
  return out;
}

function keyOfCall(byRef: Map<string, StoredApiKey>, c: StoredApiCall): StoredApiKey | undefined {
  for (const r of c.keyRefs ?? []) {
    const k = byRef.get(r);
    if (k) return k;
  }
  return undefined;
}

/**
 * An access-log call from an address outside its key's IP restriction, or, after the visit that first showed the
 * log, from a provider never seen calling that key (nor inside its restriction): someone else holds the key. One
 * finding per key and provider, counting its calls.
 */
export const apiCallUnknownNetwork: Rule = {
  id: 'api-call-unknown-network',
  title: 'An API call from a network never seen for its key',
  evaluate(ctx) {
    const calls = ctx.apiCalls ?? [];
    if (!calls.length) return [];
    const byRef = keysByRef(ctx.apiKeys ?? []);
    const baseline = ctx.backdoorBaselines?.apiCalls;
    // Oldest first (first seen, then the call's own time), so "seen before" means earlier.
    const ordered = [...calls].sort((a, b) => a.firstSeenAt - b.firstSeenAt || (a.time ?? 0) - (b.time ?? 0));
    const seen = new Map<string, Set<string>>();
    const matchers = new Map<string, (ip: string) => string | undefined>();
    const groups = new FindingGroups();
    for (const c of ordered) {
      if (!c.ip || !parseIp(c.ip)) continue;
      const key = keyOfCall(byRef, c);
      const keyId = key?.id ?? c.keyRefs?.[0] ?? 'unknown';
      const provider = providerOf(ctx, c.ip);
      const restriction = key?.ipRestriction?.filter((r) => r.trim()) ?? [];
      let inRestriction: boolean | undefined;
      if (restriction.length) {
        let match = matchers.get(keyId);
        if (!match) {
          match = cidrListMatcher(restriction);
          matchers.set(keyId, match);
        }
        inRestriction = match(c.ip) !== undefined;
      }
      let known = seen.get(keyId);
      if (!known) {
        known = new Set();
        seen.set(keyId, known);
      }
      const isOutside = inRestriction === false;
      const isStranger =
        inRestriction !== true &&
        provider !== undefined &&
        !known.has(provider.id) &&
        isNewSince(baseline, c.firstSeenAt);
      // A provider found strange stays so: its later calls count in its finding instead of vouching for it.
      if (provider && !isStranger) known.add(provider.id);
      if (!isOutside && !isStranger) continue;
      const parts = [keyId, isOutside ? 'outside' : 'stranger', provider?.id ?? c.ip];
      if (groups.repeat(parts, c.time)) continue;
      const name = key ? keyName(key) : c.keyMasked ? `(${c.keyMasked})` : '—';
      const where = provider?.name ? `${c.ip} (${provider.name})` : c.ip;
      groups.add(parts, {
        rule: 'api-call-unknown-network',
        subject: `call|${parts.join('|')}`,
        severity: 'high',
        reason: isOutside
          ? `The API key ${name} was called from ${where}, outside the addresses it is restricted to.`
          : `The API key ${name} was called from ${where}, a network never seen calling it before.`,
        message: {
          key: isOutside ? 'reason_apiCallOutside' : 'reason_apiCallStranger',
          args: [name, where],
        },
        evidence: {
          ...(key ? keyEvidence(ctx, key) : { apiKeyId: keyId, ...(c.keyMasked ? { apiKeyMasked: c.keyMasked } : {}) }),
          callerIp: c.ip,
          ...(c.action ? { action: c.action } : {}),
          ...(c.time !== undefined ? { time: c.time } : {}),
        },
      });
    }
    return groups.findings;
  },
};
