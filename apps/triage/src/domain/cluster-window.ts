import { DAY_MS } from './escalation.policy';

/** A complaint of the same cluster (same type and subject, `clusterKey`): who, and when received. */
export interface ClusterMember {
  customerRef: string;
  receivedAt: Date;
}

/** The busiest stretch of a cluster around one complaint. */
export interface ClusterWindow {
  /** Distinct complainants inside the window, this complaint's included (at least 1). */
  count: number;
  /** The window, `[from, until)`, `windowDays` long; it contains this complaint. */
  from: Date;
  until: Date;
}

/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants within one month":
 * the most distinct complainants found together in any window of `windowDays` that contains
 * this complaint. Every window is tried, not only the one that ends at this complaint, so the
 * answer does not depend on the order in which complaints are decided: whichever member of a
 * cluster is decided last sees the others, even one received before them.
 *
 * `others` may hold complaints from anywhere in time; those that cannot share a window with
 * this one are left out.
 */
export function clusterWindow(
  self: ClusterMember,
  others: readonly ClusterMember[],
  windowDays: number,
): ClusterWindow {
  const at = self.receivedAt.getTime();
  const span = windowDays * DAY_MS;
  const members = [self, ...others]
    .map((m) => ({ ref: m.customerRef, t: m.receivedAt.getTime() }))
    .filter((m) => m.t > at - span && m.t < at + span)
    .sort((a, b) => a.t - b.t);

  // Slide a window starting at each member received in (at − span, at]: it then contains this
  // complaint. `inside` counts each complainant's complaints in [start, start + span).
  const inside = new Map<string, number>();
  let best: ClusterWindow = { count: 1, from: new Date(at), until: new Date(at + span) };
  const ahead = members[Symbol.iterator]();
  let next = ahead.next();
  for (const first of members) {
    if (first.t > at) break;
    const until = first.t + span;
    for (; !next.done && next.value.t < until; next = ahead.next()) {
      inside.set(next.value.ref, (inside.get(next.value.ref) ?? 0) + 1);
    }
    if (inside.size > best.count) {
      best = { count: inside.size, from: new Date(first.t), until: new Date(until) };
    }
    const left = (inside.get(first.ref) ?? 1) - 1;
    if (left === 0) inside.delete(first.ref);
    else inside.set(first.ref, left);
  }
  return best;
}
