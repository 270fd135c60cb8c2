import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeNetworkTable, NETWORK_KINDS, type NetworkTable } from '../src/core/network-table';
import { PROVIDERS_PATH } from './gen-data.mjs';
import { HOSTING_PROVIDERS, listedKinds, MOBILE_CARRIERS, TOR_NETWORKS } from './network-kinds.mjs';

describe('the hand-picked network kinds', () => {
  let t: NetworkTable;
  const inTable = (asn: number) => {
    const i = t.asns.indexOf(asn);
    return i < 0 ? undefined : { name: t.names[i], kind: NETWORK_KINDS[t.kinds[i] as number] };
  };
  beforeAll(() => {
    t = decodeNetworkTable(readFileSync(PROVIDERS_PATH));
  });

  test('no AS is listed under two kinds, and each is a public AS number', () => {
    const kinds = listedKinds();
    const listed = [...HOSTING_PROVIDERS, ...TOR_NETWORKS].flatMap(([, asns]) => asns);
    listed.push(...MOBILE_CARRIERS.flatMap(([, , asns]) => asns));
    expect(kinds.size).toBe(listed.length);
    for (const asn of listed) expect((asn > 0 && asn < 64512) || (asn > 65535 && asn < 4200000000)).toBe(true);
  });

  // A carrier that renumbers or sells an AS must not keep quieting city hops: each listed AS still announces
  // space under a name in the data, and carries its kind into the table.
  test.each(
    MOBILE_CARRIERS.flatMap(([carrier, country, asns]) =>
      asns.map((asn): [string, string, number] => [carrier, country, asn]),
    ),
  )('%s (%s) AS%s is a mobile network in the table', (_carrier, country, asn) => {
    expect(country).toMatch(/^[A-Z]{2}$/);
    const n = inTable(asn);
    expect(n?.kind).toBe('mobile');
    expect(n?.name).not.toBe('');
  });

  test.each(TOR_NETWORKS.flatMap(([name, asns]) => asns.map((asn): [string, number] => [name, asn])))(
    '%s AS%s is a Tor network in the table',
    (_name, asn) => {
      expect(inTable(asn)?.kind).toBe('tor');
    },
  );

  test('the hosting providers are hosting in the table', () => {
    const missing: number[] = [];
    for (const [, asns] of HOSTING_PROVIDERS) {
      for (const asn of asns) {
        const n = inTable(asn);
        if (n) expect(n.kind, `AS${asn}`).toBe('hosting');
        else missing.push(asn);
      }
    }
    // A few listed ASes announce nothing in this snapshot of the data; most must.
    expect(missing.length).toBeLessThan(10);
  });
});
