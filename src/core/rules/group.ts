import type { Finding } from '../types';

/**
 * Findings of one rule about the same thing (a place, a device, a network) folded into one: a history where
 * every sign-in jumps across the world would otherwise give tens of thousands of warnings nobody can read. The
 * first finding of a group stands for it (its subject, reason and evidence), so a group's identity stays put
 * while later sign-ins join it; `evidence.count` and `evidence.lastTime` say how many and until when. A finding
 * of a group of one is exactly what the rule found.
 */
export class FindingGroups {
  private readonly list: Finding[] = [];
  /**
   * Per finding (by its number in `list`), its count once a repeat joined it (0: none yet) and the latest time
   * its repeats brought (`lastSet` says whether any did). Written into its evidence when the findings are read,
   * not per repeat: evidence objects differ in shape from rule to rule, and a write to each per sign-in costs.
   */
  private readonly counts: number[] = [];
  private readonly lasts: number[] = [];
  private readonly lastSet: boolean[] = [];
  /** Nested by the parts of a key, so no key text is built per sign-in (hashing fresh strings costs). */
  private readonly groups = new Map<unknown, unknown>();

  /** The findings, one per group, each first one's evidence counting its group's repeats. */
  get findings(): Finding[] {
    for (let k = 0; k < this.list.length; k++) {
      if (!this.counts[k]) continue;
      const e = (this.list[k] as Finding).evidence;
      e.count = this.counts[k];
      if (this.lastSet[k]) e.lastTime = this.lasts[k];
    }
    return this.list;
  }

  /**
   * Counts one more occurrence at `time` when the group keyed by `parts` has a finding already; false when it
   * has none and the caller should `add` one. Asked before the finding is built, so repeats cost no reason text.
   */
  repeat(parts: readonly unknown[], time: number | undefined): boolean {
    const k = this.get(parts);
    if (k === undefined) return false;
    this.count(k, time);
    return true;
  }

  /** Adds the finding of a new group; returns its number, for `count`. */
  add(parts: readonly unknown[], f: Finding): number {
    const at = this.find(parts, true) as Map<unknown, unknown>;
    const k = this.list.push(f) - 1;
    at.set(parts[parts.length - 1], k);
    this.counts.push(0);
    this.lasts.push(0);
    this.lastSet.push(false);
    return k;
  }

  /** The number of the group keyed by `parts`, if it has a finding: for a caller that keeps it by a cheaper key. */
  get(parts: readonly unknown[]): number | undefined {
    return this.find(parts, false) as number | undefined;
  }

  /** Counts one more occurrence at `time` in the group numbered `k` (what `repeat` does once it finds it). */
  count(k: number, time: number | undefined): void {
    const e = (this.list[k] as Finding).evidence;
    // As if each repeat wrote its evidence: the count from what the finding came with, the latest time from its
    // own time (or a time it came with).
    const n = this.counts[k] as number;
    this.counts[k] = (n ? n : typeof e.count === 'number' ? e.count : 1) + 1;
    if (time === undefined) return;
    const last = this.lastSet[k] ? this.lasts[k] : typeof e.lastTime === 'number' ? e.lastTime : e.time;
    this.lasts[k] = last === undefined ? time : Math.max(last, time);
    this.lastSet[k] = true;
  }

  /** The finding's number under `parts`, or with `create` the map that holds the last part. */
  private find(parts: readonly unknown[], create: boolean): unknown {
    let m = this.groups;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = m.get(parts[i]) as Map<unknown, unknown> | undefined;
      if (!next) {
        if (!create) return undefined;
        next = new Map();
        m.set(parts[i], next);
      }
      m = next;
    }
    return create ? m : m.get(parts[parts.length - 1]);
  }
}

/** The number of sign-ins a finding stands for. */
export function occurrences(f: Pick<Finding, 'evidence'>): number {
  return typeof f.evidence.count === 'number' ? f.evidence.count : 1;
}
