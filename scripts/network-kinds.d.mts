// Types for the TypeScript tests that read the hand-picked network lists.
export type NetworkKind = 'hosting' | 'tor' | 'relay' | 'mobile' | 'isp';
export const HOSTING_PROVIDERS: [name: string, asns: number[]][];
export const TOR_NETWORKS: [name: string, asns: number[]][];
export const MOBILE_CARRIERS: [carrier: string, country: string, asns: number[]][];
export function listedKinds(): Map<number, NetworkKind>;
