// The context the rules benchmark judges, as scan-service's contextFor hands it over: one account's stored history
// (oldest first), its sessions, two other accounts, the bench's trusted devices and blocklist. Shared by the timed
// worker (bench/rules-worker.mjs) and the findings oracle (bench/rules-oracle.mjs), so both judge the same thing.
import { account, logins, NOW, realisticLogins, sessions } from './synthetic.mjs';

/**
 * `history` is 'adversarial' or 'realistic' (bench/synthetic.mjs); `thresholds` the defaults to copy; `asStored` the
 * worker's own `withAddressValue` (src/core/ingest.ts), which makes a login row what the worker writes.
 */
export function benchContext(n, history, thresholds, asStored) {
  const acc = account(0);
  const accSessions = sessions(acc, 20);
  const others = [1, 2].map((i) => {
    const other = account(i);
    return { account: other, sessions: sessions(other, 10, 10 + i), logins: logins(other, 200, 20 + i).map(asStored) };
  });
  // What the worker judges is read back from IndexedDB, which hands each record over as its own structured clone:
  // every login its own strings (flat ones, none shared), where the generator's rows share their device, place and
  // factor texts and build their addresses by concatenation. Both the floor and the rules are timed over what
  // storage gives.
  const stored = structuredClone({
    sessions: accSessions,
    logins: (history === 'realistic' ? realisticLogins(acc, n) : logins(acc, n)).map(asStored),
    others,
  });
  return {
    now: NOW,
    account: acc,
    sessions: stored.sessions,
    logins: stored.logins,
    newSessionKeys: [accSessions[1].key],
    isFirstScan: false,
    trustedDevices: [
      { id: 't1', name: 'Mac', pattern: 'Chrome * macOS', createdAt: NOW - 1e9 },
      { id: 't2', name: 'Phone', pattern: 'iPhone*', countries: ['HK'], createdAt: NOW - 1e9 },
    ],
    schedules: [],
    blocklist: ['45.77.12.9'],
    thresholds: { ...thresholds },
    otherAccounts: stored.others,
  };
}
