import {
  type AddressTables,
  addressTables,
  lookupBothV4,
  lookupBothV6,
  networkAsnOfId,
  networkKindOfId,
  networkOfId,
  networkRentableOfId,
} from '../core/address-table';
import { type HostingTable, loadHostingTable, lookupHosting, lookupHostingV4, lookupHostingV6 } from '../core/hosting';
import {
  decodeNetworkTable,
  lookupNetwork,
  lookupNetworkV4,
  lookupNetworkV6,
  type NetworkTable,
} from '../core/network-table';
import { countryInfo, type Gazetteer, loadGazetteer, type Place, resolvePlace } from '../core/place';
import type { AddressAnswers, GeoLookup } from '../core/rules/rule';

/**
 * The data tables, shipped as files in the package's `data/` folder (vite.config.ts copies them from
 * src/data/generated/), never in the worker's code: a worker woken for a message that judges nothing (the popup's
 * overview, an alarm, a setting) starts without reading a byte of them.
 */
export const DATA_DIR = 'data';
export const DATA_FILES = {
  places: 'places.json',
  hosting: 'hosting.json',
  providers: 'providers.bin',
} as const;
export type DataTable = keyof typeof DATA_FILES;

/** Reads one of the data files by its path in the package (`data/places.json`). */
export type ReadDataFile = (path: string) => Promise<ArrayBuffer | Uint8Array>;

/** Location cells repeat across scans; the cap bounds memory if a page sends thousands of distinct ones. */
const MAX_CACHED = 5000;

export function buildGeo(places: unknown, hosting: unknown, providers?: NetworkTable): GeoLookup {
  const gazetteer: Gazetteer = loadGazetteer(places);
  const table: HostingTable = loadHostingTable(hosting);
  const cache = new Map<string, Place>();
  // The hosting answers beside the provider table's ranges, written on the first ask (a judging's).
  let both: AddressTables | undefined;
  const bothOf = (p: NetworkTable) => {
    both ??= addressTables(table, p);
    return both;
  };
  return {
    resolvePlace(text) {
      let p = cache.get(text);
      if (!p) {
        p = resolvePlace(text, gazetteer);
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(text, p);
      }
      return p;
    },
    lookupHosting: (ip) => lookupHosting(ip, table),
    lookupHostingV4: (value) => lookupHostingV4(value, table),
    lookupHostingV6: (hi, lo) => lookupHostingV6(hi, lo, table),
    ...(providers
      ? {
          lookupNetwork: (ip: string) => lookupNetwork(ip, providers),
          lookupNetworkV4: (value: number) => lookupNetworkV4(value, providers),
          lookupNetworkV6: (hi: number, lo: number) => lookupNetworkV6(hi, lo, providers),
          lookupBothV4: (value: number, out: AddressAnswers) => lookupBothV4(bothOf(providers), value, out),
          lookupBothV6: (hi: number, lo: number, out: AddressAnswers) => lookupBothV6(bothOf(providers), hi, lo, out),
          networkOfId: (id: number) => networkOfId(bothOf(providers), id),
          networkKindOfId: (id: number) => networkKindOfId(bothOf(providers), id),
          networkAsnOfId: (id: number) => networkAsnOfId(bothOf(providers), id),
          networkRentableOfId: (id: number) => networkRentableOfId(bothOf(providers), id),
        }
      : {}),
    countryBbox: (code) => countryInfo(code, gazetteer)?.bbox,
  };
}

export interface GeoLoader {
  /** The lookups, the tables read and decoded on the first call; later calls share that one load. */
  load(): Promise<GeoLookup>;
  /** Milliseconds each table took to read and decode, once loaded. */
  readonly timings: Readonly<Partial<Record<DataTable, number>>>;
}

const json = (bytes: ArrayBuffer | Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

export function createGeoLoader(read: ReadDataFile): GeoLoader {
  let loading: Promise<GeoLookup> | undefined;
  const timings: Partial<Record<DataTable, number>> = {};
  const timed = async <T>(table: DataTable, decode: (bytes: ArrayBuffer | Uint8Array) => T): Promise<T> => {
    const t0 = performance.now();
    const value = decode(await read(`${DATA_DIR}/${DATA_FILES[table]}`));
    timings[table] = performance.now() - t0;
    return value;
  };
  const loadAll = async () => {
    const [places, hosting, providers] = await Promise.all([
      timed('places', json),
      timed('hosting', json),
      timed('providers', decodeNetworkTable),
    ]);
    return buildGeo(places, hosting, providers);
  };
  return {
    load() {
      // A failed read is tried again by the next judging, not remembered.
      loading ??= loadAll().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      return loading;
    },
    timings,
  };
}

let loader: GeoLoader | undefined;

/**
 * Where the tables are read from: the worker passes its packaged-file reader at start (src/background/worker.ts),
 * the audit and the unit tests a reader of src/data/generated/. Nothing is read until a judging asks.
 */
export function useDataFiles(read: ReadDataFile): GeoLoader {
  loader = createGeoLoader(read);
  return loader;
}

/** The lookups for a judging; the first call of a worker loads the tables. */
export function getGeo(): Promise<GeoLookup> {
  if (!loader) return Promise.reject(new Error('the data tables have no reader: call useDataFiles first'));
  return loader.load();
}
