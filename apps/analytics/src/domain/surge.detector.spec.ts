import { DEFAULT_ANALYTICS_POLICY, type SurgeTest } from './analytics-policy';
import { Random } from './evaluation/random';
import { DAY0, noise } from './spec-fixtures';
import { SurgeFamily, type SurgeSignal } from './surge.detector';

const TEST = DEFAULT_ANALYTICS_POLICY.surges.test;

/** Closes one window per count of each series (`{ key: counts }`), from DAY0 on. */
function given(
  series: Record<string, readonly number[]>,
  test: SurgeTest = TEST,
  members?: (key: string, day: number) => string[],
): Array<SurgeSignal & { day: number }> {
  const family = new SurgeFamily(test);
  const days = Math.max(...Object.values(series).map((c) => c.length));
  const out: Array<SurgeSignal & { day: number }> = [];
  for (let day = 0; day < days; day += 1) {
    const counts: Array<[string, number]> = [];
    for (const [key, c] of Object.entries(series)) {
      const n = c[day] ?? 0;
      if (n > 0) counts.push([key, n]);
    }
    const who = members && ((key: string) => members(key, day));
    for (const s of family.close(DAY0 + day, counts, who)) out.push({ ...s, day });
  }
  return out;
}

const raises = (signals: Array<SurgeSignal & { day: number }>) =>
  signals.filter((s) => s.kind === 'raised');

const withDay = (counts: number[], day: number, value: number) => {
  const copy = [...counts];
  copy[day] = value;
  return copy;
};

describe('the surge test of one value against its own baseline (issue 13)', () => {
  it('raises a real surge out of Poisson noise, with observed, expected and score', () => {
    const counts = withDay(noise(1, 60, 4), 45, 20);
    const signals = raises(given({ sku: counts }));
    expect(signals).toEqual([
      expect.objectContaining({ kind: 'raised', key: 'sku', day: 45, firstWindow: DAY0 + 45 }),
    ]);
    const [raised] = signals;
    expect(raised?.observed).toBe(20);
    expect(raised?.expected).toBeGreaterThan(3);
    expect(raised?.expected).toBeLessThan(5.5);
    expect(raised?.score).toBeGreaterThanOrEqual(TEST.raiseScore);
  });

  it('stays quiet over half a year of noise with a weekly cycle', () => {
    // DAY0 is a Monday: busy weekdays, quiet weekends, at three volumes.
    const weekly = [1.2, 1.15, 1.1, 1.05, 1, 0.8, 0.7];
    const rng = new Random(3);
    const cycled = (lambda: number) =>
      Array.from({ length: 182 }, (_, d) => rng.poisson(lambda * (weekly[d % 7] ?? 1)));
    expect(given({ a: cycled(0.5), b: cycled(6), c: cycled(30) })).toEqual([]);
  });

  it('does not test a value before minBaselineWindows windows of history precede the scan', () => {
    const spikeEarly = withDay(noise(6, 40, 3), TEST.minBaselineWindows + TEST.scanWindows - 2, 40);
    expect(
      given({ v: spikeEarly.slice(0, TEST.minBaselineWindows + TEST.scanWindows - 1) }),
    ).toEqual([]);
    const spikeInTime = withDay(
      noise(6, 40, 3),
      TEST.minBaselineWindows + TEST.scanWindows - 1,
      40,
    );
    expect(raises(given({ v: spikeInTime }))).toHaveLength(1);
  });

  it('raises once while the surge continues, and cools after coolAfterWindows quiet windows', () => {
    const counts = noise(7, 90, 4);
    for (let d = 40; d < 48; d += 1) counts[d] = 20 + (d % 3);
    const signals = given({ v: counts });
    expect(signals.map((s) => [s.kind, s.day])).toEqual([
      ['raised', 40],
      ['cooled', 48 + TEST.coolAfterWindows - 1],
    ]);
    expect(signals[1]?.raisedIn).toBe(DAY0 + 40);
  });

  it('raises again for a new surge after cooling, as a new episode', () => {
    const counts = noise(8, 120, 4);
    for (let d = 40; d < 43; d += 1) counts[d] = 25;
    counts[90] = 30;
    const raised = given({ v: counts }).filter((s) => s.kind === 'raised');
    expect(raised.map((s) => s.raisedIn - DAY0)).toEqual([40, 90]);
  });

  it('sums up to scanWindows windows: a tripling of 3 a day shows on the third day, not alone', () => {
    const counts = new Array<number>(60).fill(3);
    for (let d = 40; d < 46; d += 1) counts[d] = 9;
    const [scanned] = raises(given({ v: counts }));
    expect(scanned).toMatchObject({ day: 42, firstWindow: DAY0 + 40, observed: 27, expected: 9 });
    expect(raises(given({ v: counts }, { ...TEST, scanWindows: 1 }))).toEqual([]);
  });

  it('needs minCount complaints: 4 where 0.2 were expected is significant but not an alert', () => {
    const counts = new Array<number>(60).fill(0);
    counts[50] = 4;
    expect(given({ v: counts })).toEqual([]);
    counts[50] = 5;
    expect(raises(given({ v: counts }))).toHaveLength(1);
  });

  it('needs minRatio × the expectation: +15 % on 1,000 a day is significant but no surge', () => {
    const counts = noise(10, 60, 1000);
    counts[50] = 1150;
    expect(given({ v: counts }, { ...TEST, estimateDispersion: false })).toEqual([]);
    counts[50] = 2100;
    expect(raises(given({ v: counts }))).toHaveLength(1);
  });

  it('expects weekends to be busy for a value whose weekends always are', () => {
    // A store: Saturdays and Sundays bring three times a weekday's complaints.
    const counts = noise(11, 84, 4).map((n, d) => ((d + 3) % 7 >= 5 ? n * 3 : n));
    const others = noise(12, 84, 40);
    expect(given({ store: counts, hotline: others })).toEqual([]);
  });

  it('asks more of a value whose days vary more than Poisson noise', () => {
    const rough = noise(13, 60, 10).map((n, d) => (d % 2 === 0 ? n * 2 : Math.round(n / 2)));
    rough[50] = 32;
    expect(raises(given({ v: rough }, { ...TEST, estimateDispersion: false }))).toHaveLength(1);
    expect(given({ v: rough })).toEqual([]);
  });

  it('names the complaints of the scanned windows when the caller tracks them', () => {
    const counts = new Array<number>(40).fill(1);
    counts[30] = 12;
    const [raised] = given({ v: counts }, TEST, (key, day) =>
      Array.from({ length: counts[day] ?? 0 }, (_, i) => `${key}-${day}-${i}`),
    );
    expect(raised?.members).toHaveLength(raised?.observed ?? -1);
    expect(raised?.members).toContain('v-30-0');
  });

  it('never reads a later window: the signals up to a day do not depend on what follows', () => {
    const counts = noise(14, 80, 5);
    counts[50] = 25;
    const upTo60 = given({ v: counts.slice(0, 61) });
    const later = withDay(counts, 61, 90);
    const all = given({ v: later });
    expect(all.filter((s) => s.day <= 60)).toEqual(upTo60);
  });
});
