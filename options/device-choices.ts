/**
 * What the trusted-device form offers to pick: the devices and the networks the stored sessions show. Picking
 * fills the form; the user can still type. Pure functions of the worker's overview.
 */
import { parseDevice } from '../src/core/device';
import { networkOf } from '../src/core/trust-from-row';
import type { AccountView } from '../src/shared/contract';
import { type DeviceDraft, splitList } from './trusted-devices';

export interface DeviceSeen {
  key: string;
  /** The page's device text of the latest session of this kind. */
  label: string;
  sessions: number;
  fill: Pick<DeviceDraft, 'name' | 'browser' | 'os' | 'model' | 'deviceType'>;
}

export interface NetworkSeen {
  cidr: string;
  /** Places the network's sessions were shown in. */
  places: string[];
  sessions: number;
}

const MAX_CHOICES = 50;

/** A name a person would give the device: its model, else browser and OS ("Chrome, macOS"). */
function nameOf(p: ReturnType<typeof parseDevice>): string {
  return p.model ?? [p.browser, p.os].filter(Boolean).join(', ');
}

/** One choice per browser, OS, model and type among the stored sessions, most sessions first. */
export function devicesSeen(accounts: AccountView[]): DeviceSeen[] {
  const byKey = new Map<string, DeviceSeen & { latest: number }>();
  for (const a of accounts) {
    for (const s of a.sessions) {
      const p = parseDevice(s.device, s.userAgent);
      const key = [p.browser ?? '', p.os ?? '', p.model ?? '', p.deviceType].join('|');
      const seen = byKey.get(key);
      if (seen) {
        seen.sessions++;
        if (s.lastObservedAt > seen.latest) {
          seen.latest = s.lastObservedAt;
          seen.label = s.device;
        }
        continue;
      }
      byKey.set(key, {
        key,
        label: s.device,
        sessions: 1,
        latest: s.lastObservedAt,
        fill: {
          name: nameOf(p) || s.device.slice(0, 80),
          browser: p.browser ?? '',
          os: p.os ?? '',
          model: p.model ?? '',
          deviceType: p.deviceType === 'unknown' ? '' : p.deviceType,
        },
      });
    }
  }
  return [...byKey.values()]
    .sort((a, b) => b.sessions - a.sessions || b.latest - a.latest)
    .slice(0, MAX_CHOICES)
    .map(({ latest: _l, ...d }) => d);
}

/** The /24 (IPv4) or /64 (IPv6) of every stored session's address, with where it was seen. */
export function networksSeen(accounts: AccountView[]): NetworkSeen[] {
  const byCidr = new Map<string, NetworkSeen>();
  for (const a of accounts) {
    for (const s of a.sessions) {
      const cidr = networkOf(s.ip);
      if (!cidr) continue;
      const seen = byCidr.get(cidr) ?? { cidr, places: [], sessions: 0 };
      seen.sessions++;
      if (s.location && !seen.places.includes(s.location) && seen.places.length < 3) seen.places.push(s.location);
      byCidr.set(cidr, seen);
    }
  }
  return [...byCidr.values()].sort((a, b) => b.sessions - a.sessions).slice(0, MAX_CHOICES);
}

/** The draft's typed ranges with `cidr` added or taken out: the checkboxes and the text box are one list. */
export function withRange(draft: DeviceDraft, cidr: string, isOn: boolean): Pick<DeviceDraft, 'ipRanges'> {
  const ranges = splitList(draft.ipRanges).filter((r) => r !== cidr);
  return { ipRanges: (isOn ? [...ranges, cidr] : ranges).join('\n') };
}

export function hasRange(draft: DeviceDraft, cidr: string): boolean {
  return splitList(draft.ipRanges).includes(cidr);
}
