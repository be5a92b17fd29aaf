import { clusterWindow, type ClusterMember } from './cluster-window';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SELF_AT = Date.parse('2026-03-20T02:00:00.000Z');

/** A member `offsetMs` from this complaint, from customer `ref`. */
function member(ref: string, offsetMs: number): ClusterMember {
  return { customerRef: ref, receivedAt: new Date(SELF_AT + offsetMs) };
}

const self = member('self', 0);

describe('clusterWindow (DOMAIN §2: ≥ 3 different complainants within one month)', () => {
  it.each<[string, number, ClusterMember[]]>([
    ['alone', 1, []],
    ['one other complainant a day before', 2, [member('a', -DAY)]],
    ['two others before: 2 vs 3 complainants', 3, [member('a', -DAY), member('b', -2 * DAY)]],
    ['the same other customer twice counts once', 2, [member('a', -DAY), member('a', -2 * DAY)]],
    ['this customer again does not add a complainant', 1, [member('self', -DAY)]],
    ['29 days 23 hours before is within the month', 2, [member('a', -(30 * DAY - HOUR))]],
    ['exactly 30 days before is not', 1, [member('a', -30 * DAY)]],
    ['31 days before is not', 1, [member('a', -31 * DAY)]],
    [
      'others registered after this one count too (decided out of order)',
      3,
      [member('a', HOUR), member('b', 2 * HOUR)],
    ],
    [
      'one before and one after, all within a month',
      3,
      [member('a', -10 * DAY), member('b', 10 * DAY)],
    ],
    [
      'one 20 days before and one 20 days after are 40 days apart: never three together',
      2,
      [member('a', -20 * DAY), member('b', 20 * DAY)],
    ],
    ['exactly 30 days after is not', 1, [member('a', 30 * DAY)]],
  ])('%s → a count of %i', (_case, count, others) => {
    expect(clusterWindow(self, others, 30).count).toBe(count);
  });

  it('returns the window that holds the most complainants, containing this complaint', () => {
    const others = [member('a', -25 * DAY), member('b', -5 * DAY), member('c', -4 * DAY)];
    const window = clusterWindow(self, others, 30);
    expect(window).toEqual({
      count: 4,
      from: new Date(SELF_AT - 25 * DAY),
      until: new Date(SELF_AT + 5 * DAY),
    });
  });

  it('prefers the earliest of equally busy windows', () => {
    const others = [member('a', -20 * DAY), member('b', 20 * DAY)];
    expect(clusterWindow(self, others, 30).from).toEqual(new Date(SELF_AT - 20 * DAY));
  });

  it('alone, the window starts at this complaint', () => {
    expect(clusterWindow(self, [], 30)).toEqual({
      count: 1,
      from: new Date(SELF_AT),
      until: new Date(SELF_AT + 30 * DAY),
    });
  });

  it('honours the policy window', () => {
    expect(clusterWindow(self, [member('a', -8 * DAY)], 7).count).toBe(1);
    expect(clusterWindow(self, [member('a', -6 * DAY)], 7).count).toBe(2);
  });

  it('gives the same count whichever of three complainants within a month is decided last', () => {
    const cluster = [member('a', 0), member('b', 12 * DAY), member('c', 29 * DAY)];
    for (const [i, last] of cluster.entries()) {
      const others = cluster.filter((_, j) => j !== i);
      expect(clusterWindow(last, others, 30).count).toBe(3);
    }
  });
});
