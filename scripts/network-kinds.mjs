// The kind of network behind an autonomous system (AS), decided at build time for the hosting table
// (gen-hosting.mjs) and the provider table (gen-providers.mjs): the one home of these hand-picked lists.
// Every number here was checked against the AS names in @ip-location-db/asn (gen-providers.test.mjs checks the
// names still match). Lists, not name patterns: a name says "Mobile" for app makers and "Wireless" for fixed
// radio ISPs, and an AS named like a carrier is not one.

/**
 * Provider → its ASNs. Left out on purpose: CDNs and privacy relays that carry ordinary users
 * (Cloudflare WARP AS13335, Akamai AS20940/AS16625 and Fastly AS54113 egress iCloud Private Relay),
 * transit carriers (Cogent, NTT, Lumen) whose ranges are mostly eyeball networks, and AS64515,
 * which is a private-use number, not Vultr's.
 */
export const HOSTING_PROVIDERS = [
  ['Amazon AWS', [16509, 14618]],
  ['Google Cloud', [396982, 19527]],
  // Google's main AS also hosts App Engine, Cloud Functions and other server egress.
  ['Google', [15169]],
  ['Microsoft Azure', [8075]],
  ['Oracle Cloud', [31898]],
  ['IBM Cloud', [36351]],
  ['Alibaba Cloud', [45102, 37963, 134963]],
  ['Tencent Cloud', [132203, 45090]],
  ['Huawei Cloud', [136907, 55990]],
  ['UCloud', [135377]],
  ['Kingsoft Cloud', [59019]],
  ['DigitalOcean', [14061, 393406]],
  ['Linode (Akamai)', [63949, 48337]],
  ['Vultr', [20473]],
  ['Hetzner', [24940, 213230, 212317]],
  ['OVHcloud', [16276, 35540]],
  ['Scaleway', [12876]],
  ['Contabo', [51167, 141995, 40021]],
  ['Leaseweb', [60781, 28753, 30633, 7203, 32613, 59253, 133752]],
  ['IONOS', [8560]],
  ['netcup', [197540]],
  ['Aruba', [31034]],
  ['Hostinger', [47583]],
  ['M247', [9009]],
  ['DataCamp (CDN77)', [60068, 212238]],
  ['PacketHub', [136787]],
  ['HostRoyale', [203020, 204287]],
  ['G-Core Labs', [202422, 199524]],
  ['Zenlayer', [21859]],
  ['Clouvider', [62240]],
  ['Servers.com', [7979]],
  ['Equinix Metal', [54825]],
  ['Latitude.sh', [396356]],
  ['Hivelocity', [29802, 61317]],
  ['ColoCrossing', [36352]],
  ['Hostwinds', [54290]],
  ['QuadraNet', [8100]],
  ['Psychz', [40676]],
  ['Sharktech', [46844]],
  ['B2 Net (ServerMania)', [55286]],
  ['InterServer', [19318]],
  ['Kamatera', [36007]],
  ['FranTech (BuyVM)', [53667]],
  ['Tier.Net', [397423]],
  ['EGIHosting', [18779]],
  ['Multacom', [35916]],
  ['Liquid Web', [32244]],
  ['GoDaddy', [26496, 398101]],
  ['Namecheap', [22612]],
  ['DreamHost', [26347]],
  ['iomart', [20860]],
  ['UK Dedicated Servers', [42831]],
  ['WorldStream', [49981]],
  ['Serverius', [50673]],
  ['NForce', [43350]],
  ['HOSTKEY', [57043]],
  ['IP Volume', [202425]],
  ['xTom', [3214, 4785, 9312]],
  ['Selectel', [49505, 50340]],
  ['Timeweb', [9123]],
  ['Yandex Cloud', [200350]],
  ['AEZA', [210644]],
  ['Voxility', [3223]],
  ['Sakura Internet', [9370]],
  ['Kaopu Cloud', [138915]],
  ['CNSERVERS', [40065]],
  ['Quintex', [62744]],
  ['FlokiNET', [200651]],
  ['1337 Services', [210558]],
  ['Private Layer', [51852]],
];

/**
 * Networks that exist to run Tor exit relays: a sign-in from them is someone hiding where they are. Tor stays a
 * kind of its own. Most exits run on ordinary hosting, so this is a part of Tor, never a current exit list
 * (exits churn hourly; an offline list would go stale within days).
 */
export const TOR_NETWORKS = [
  ['Tor exit relays (Stiftung Erneuerbare Freiheit)', [60729]],
  ['Tor exit relays (F3 Netze)', [205100]],
  ['Tor exit relays (DFRI)', [198093]],
  ['Tor exit relays (Emerald Onion)', [396507]],
  ['Tor exit relays (Foundation for Applied Privacy)', [208323]],
  ['Tor exit relays (Church of Cyberology)', [215125]],
  ['Tor exit relays (Calyx Institute)', [4224]],
];

/**
 * Mobile-first carriers: most of their addresses are phones and mobile broadband, handed out from pools that
 * serve a whole country, so the city an address maps to says little about where the person is. Carriers whose
 * one AS serves fixed broadband as much (Deutsche Telekom AS3320, Vodafone Germany AS3209, KDDI AS2516,
 * SoftBank AS17676, China Mobile AS9808, Telefônica Brasil AS26599, …) are left out: their addresses stay
 * ISP addresses. [carrier, country, ASNs]
 */
export const MOBILE_CARRIERS = [
  ['T-Mobile USA', 'US', [21928]],
  ['Verizon Wireless (Cellco)', 'US', [22394, 6167]],
  ['AT&T Mobility', 'US', [20057]],
  ['Telcel (Radiomóvil Dipsa)', 'MX', [28403]],
  ['TIM Brasil', 'BR', [26615]],
  ['Vodafone UK', 'GB', [25135]],
  ['O2 UK (Telefónica UK)', 'GB', [35228]],
  ['Three UK', 'GB', [206067]],
  ['Three Ireland', 'IE', [13280]],
  ['Vodafone Ireland', 'IE', [15502]],
  ['Free Mobile', 'FR', [51207]],
  ['T-Mobile Netherlands (Odido)', 'NL', [20507]],
  ['T-Mobile Polska', 'PL', [12912]],
  ['Play (P4)', 'PL', [39603]],
  ['Plus (Polkomtel)', 'PL', [8374]],
  ['T-Mobile Czech Republic', 'CZ', [13036]],
  ['Drei Austria', 'AT', [25255]],
  ['Tre Sweden (Hi3G)', 'SE', [44034]],
  ['MegaFon', 'RU', [31133]],
  ['Turkcell', 'TR', [16135]],
  ['Vodafone Turkey', 'TR', [15897]],
  ['Türk Telekom Mobile', 'TR', [20978]],
  ['Mobily (Etihad Etisalat)', 'SA', [35819]],
  ['Zain Saudi Arabia', 'SA', [43766]],
  ['Vodafone Egypt', 'EG', [36935, 24835]],
  ['Etisalat Misr (e&)', 'EG', [36992]],
  ['MTN Nigeria', 'NG', [29465]],
  ['Airtel Nigeria', 'NG', [36873]],
  ['Globacom', 'NG', [37148]],
  ['Safaricom', 'KE', [33771]],
  ['Vodacom', 'ZA', [29975]],
  ['Jazz (Mobilink)', 'PK', [45669]],
  ['Telenor Pakistan', 'PK', [24499]],
  ['Zong (CMPak)', 'PK', [59257]],
  ['Grameenphone', 'BD', [24389]],
  ['Banglalink', 'BD', [45245]],
  ['Reliance Jio', 'IN', [55836]],
  ['Airtel India (mobile)', 'IN', [45609]],
  ['Vodafone Idea', 'IN', [55410, 38266]],
  ['Telkomsel', 'ID', [23693]],
  ['XL Axiata', 'ID', [24203]],
  ['Celcom', 'MY', [10030]],
  ['Digi', 'MY', [4818]],
  ['AIS (Advanced Wireless Network)', 'TH', [131445]],
  ['dtac (Total Access Communication)', 'TH', [24378]],
  ['Globe Telecom', 'PH', [132199]],
  ['NTT Docomo', 'JP', [9605]],
  ['Rakuten Mobile', 'JP', [138384]],
  ['SK Telecom', 'KR', [9644]],
];

/** @typedef {'hosting' | 'tor' | 'relay' | 'mobile' | 'isp'} NetworkKind */

/** AS number → kind, for the ASNs the lists above name; every other AS is an `isp`. */
export function listedKinds() {
  /** @type {Map<number, NetworkKind>} */
  const kinds = new Map();
  const add = (asns, kind) => {
    for (const asn of asns) {
      if (kinds.has(asn)) throw new Error(`AS${asn} is listed as ${kinds.get(asn)} and as ${kind}`);
      kinds.set(asn, kind);
    }
  };
  for (const [, asns] of HOSTING_PROVIDERS) add(asns, 'hosting');
  for (const [, asns] of TOR_NETWORKS) add(asns, 'tor');
  for (const [, , asns] of MOBILE_CARRIERS) add(asns, 'mobile');
  return kinds;
}
