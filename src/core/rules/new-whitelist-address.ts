import type { Evidence, StoredWhitelistEntry } from '../types';
import { addressTime, intruderAround, isNewSince } from './backdoor-evidence';
import type { Rule, RuleContext } from './rule';

const addressName = (w: StoredWhitelistEntry): string =>
  [w.label ? `"${w.label}"` : '', w.masked ?? '', [w.coin, w.network].filter(Boolean).join(' / ')]
    .filter(Boolean)
    .join(' ');

function addressEvidence(ctx: RuleContext, w: StoredWhitelistEntry): Evidence {
  const around = intruderAround(ctx, addressTime(w));
  return {
    ...(w.label ? { address: w.label } : {}),
    ...(w.masked ? { addressMasked: w.masked } : {}),
    ...(w.coin || w.network ? { addressNetwork: [w.coin, w.network].filter(Boolean).join(' / ') } : {}),
    addressId: w.id,
    ...(around
      ? {
          device: around.device,
          ...(around.ip ? { ip: around.ip } : {}),
          ...(around.location ? { location: around.location } : {}),
        }
      : {}),
    time: addressTime(w),
  };
}

/**
 * A withdrawal address added since the last visit that the user has not confirmed ("I added it"): a takeover's
 * next step is an address of the intruder's on the whitelist. Added while an untrusted session was signed in, it
 * joins that intruder's incident.
 */
export const newWhitelistAddress: Rule = {
  id: 'new-whitelist-address',
  title: 'A new withdrawal address since your last visit',
  evaluate(ctx) {
    const out = [];
    for (const w of ctx.whitelist ?? []) {
      if (w.removedAt !== undefined || w.confirmedAt !== undefined) continue;
      if (!isNewSince(ctx.backdoorBaselines?.whitelist, w.firstSeenAt)) continue;
      const name = addressName(w) || '—';
      out.push({
        rule: 'new-whitelist-address',
        subject: `address|${w.addressHash}`,
        severity: 'high' as const,
        reason: `A withdrawal address ${name} was added to the whitelist since your last visit. Remove it unless you added it.`,
        message: { key: 'reason_newWhitelistAddress', args: [name] },
        evidence: addressEvidence(ctx, w),
      });
    }
    return out;
  },
};
