import type { Incident } from './incidents';

/**
 * The API key and the withdrawal address an incident's reasons are about, by record id (the evidence of the
 * worker's rules names them): what "Delete this key" and "Remove this address" open the site's page on.
 */
export function backdoorsOf(incident: Pick<Incident, 'reasons'>): { apiKeyId?: string; addressId?: string } {
  let apiKeyId: string | undefined;
  let addressId: string | undefined;
  for (const r of incident.reasons) {
    const e = r.evidence;
    // A record id is `${accountId}|${hash}`; a call whose key the list did not show names only its key's hash.
    if (apiKeyId === undefined && typeof e.apiKeyId === 'string' && e.apiKeyId.includes('|')) apiKeyId = e.apiKeyId;
    if (addressId === undefined && typeof e.addressId === 'string') addressId = e.addressId;
  }
  return { ...(apiKeyId ? { apiKeyId } : {}), ...(addressId ? { addressId } : {}) };
}

/** An incident about keys or addresses alone (no sign-in in it): its "This was me" reads "I added it". */
export function isOnlyBackdoors(incident: Pick<Incident, 'reasons' | 'sessionKeys'>): boolean {
  return (
    incident.sessionKeys.length === 0 &&
    incident.reasons.length > 0 &&
    incident.reasons.every(
      (r) =>
        (typeof r.evidence.apiKeyId === 'string' || typeof r.evidence.addressId === 'string') &&
        typeof r.evidence.device !== 'string',
    )
  );
}
