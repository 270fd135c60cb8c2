import type { Finding } from '../types';

/**
 * Findings of one rule about the same thing (a place, a device, a network) folded into one: a history where
 * every sign-in jumps across the world would otherwise give tens of thousands of warnings nobody can read. The
 * first finding of a group stands for it (its subject, reason and evidence), so a group's identity stays put
 * while later sign-ins join it; `evidence.count` and `evidence.lastTime` say how many and until when. A finding
 * of a group of one is exactly what the rule found.
 */
export class FindingGroups {
  readonly findings: Finding[] = [];
  /** Nested by the parts of a key, so no key text is built per sign-in (hashing fresh strings costs). */
  private readonly groups = new Map<unknown, unknown>();

  /**
   * Counts one more occurrence at `time` when the group keyed by `parts` has a finding already; false when it
   * has none and the caller should `add` one. Asked before the finding is built, so repeats cost no reason text.
   */
  repeat(parts: readonly unknown[], time: number | undefined): boolean {
    const f = this.find(parts, false) as Finding | undefined;
    if (!f) return false;
    this.count(f, time);
    return true;
  }

  /** The finding of the group keyed by `parts`, if it has one: for a caller that keeps it by a cheaper key. */
  get(parts: readonly unknown[]): Finding | undefined {
    return this.find(parts, false) as Finding | undefined;
  }

  /** Counts one more occurrence at `time` in the group whose finding is `f` (what `repeat` does once it finds it). */
  count(f: Finding, time: number | undefined): void {
    const e = f.evidence;
    e.count = (typeof e.count === 'number' ? e.count : 1) + 1;
    const last = typeof e.lastTime === 'number' ? e.lastTime : e.time;
    if (time !== undefined) e.lastTime = last === undefined ? time : Math.max(last, time);
  }

  add(parts: readonly unknown[], f: Finding): void {
    const at = this.find(parts, true) as Map<unknown, unknown>;
    at.set(parts[parts.length - 1], f);
    this.findings.push(f);
  }

  /** The finding under `parts`, or with `create` the map that holds the last part. */
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
