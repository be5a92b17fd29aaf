import { InvalidInput } from '@redress/contracts';
import { InvalidFindingsQuery } from './errors';
import type {
  ClosedWindow,
  ComplaintObservation,
  Finding,
  HotTopicFinding,
  TrendAlertRaisedData,
} from './findings';
import { findingsAsOf, hotWordsOfPeriod } from './findings-as-of';
import { FindingsDetector } from './findings.detector';
import { alertIdOf, topicIdOf } from './findings.engine';
import {
  at,
  clock,
  DAY0,
  dayOf,
  daily,
  inTimeOrder,
  noise,
  onDay,
  policy,
  policyWith,
  run,
} from './spec-fixtures';

const DAYS = 50;
const SURGE_DAY = 35;

/** Complaints about six products from two regions, over DAYS days, with Poisson noise. */
function background(seed = 1): ComplaintObservation[] {
  return inTimeOrder(
    ...['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D', 'SKU-E', 'SKU-F'].map((sku, k) =>
      daily(noise(seed + k, DAYS, 6), (day, i) => ({
        channel: i % 2 === 0 ? 'hotline' : 'web',
        productSku: sku,
        subjectType: 'product',
        purchaseChannel: 'flagship',
        text: `收到的东西质量一般，${i % 3 === 0 ? '物流太慢' : '客服不回复'}`,
      })),
    ),
    daily(noise(20, DAYS, 8), () => ({
      region: 'east',
      category: 'logistics',
      department: 'warehouse',
    })),
    daily(noise(21, DAYS, 8), () => ({
      region: 'west',
      category: 'logistics',
      department: 'warehouse',
    })),
  );
}

/** 30 more complaints about SKU-A's batch B7 on SURGE_DAY, saying 电池鼓包. */
function batchSurge(): ComplaintObservation[] {
  return daily([...new Array<number>(SURGE_DAY).fill(0), 30], () => ({
    channel: 'app',
    productSku: 'SKU-A',
    batchNo: 'B7',
    subjectType: 'product',
    purchaseChannel: 'flagship',
    text: '电池鼓包，请尽快处理',
  }));
}

/** 25 more triaged east/logistics complaints on SURGE_DAY (their region and category). */
function regionSurge(): ComplaintObservation[] {
  return daily([...new Array<number>(SURGE_DAY).fill(0), 25], () => ({
    region: 'east',
    category: 'logistics',
    department: 'warehouse',
  }));
}

const findingsOf = (closed: ClosedWindow[], type: Finding['type']) =>
  closed.flatMap((w) =>
    w.findings.filter((f) => f.type === type).map((f) => ({ day: dayOf(w), data: f.data })),
  );

const withoutMembers = (w: ClosedWindow) => ({
  window: w.window,
  hotWords: w.hotWords,
  findings: w.findings.map((f) => {
    if (f.type !== 'HotTopicDetected') return f;
    const data: Partial<HotTopicFinding> = { ...f.data };
    delete data.members;
    return { ...f, data };
  }),
});

describe('the incremental detector (issue 13: findings over event time)', () => {
  it('raises a trend alert for region × category with the contract’s fields', () => {
    const { closed } = run(inTimeOrder(background(), regionSurge()));
    const alerts = findingsOf(closed, 'TrendAlertRaised');
    const east = alerts.filter((a) => (a.data as TrendAlertRaisedData).value === 'east/logistics');
    expect(east).toHaveLength(1);
    const window = clock.bounds(DAY0 + SURGE_DAY);
    expect(east[0]).toEqual({
      day: SURGE_DAY,
      data: {
        alertId: alertIdOf('region_category', 'east/logistics', window.start),
        raisedAt: window.end,
        dimension: 'region_category',
        value: 'east/logistics',
        window: { start: window.start, end: window.end },
        observed: expect.any(Number),
        expected: expect.any(Number),
        score: expect.any(Number),
      },
    });
    const data = east[0]?.data as TrendAlertRaisedData;
    expect(data.observed).toBeGreaterThanOrEqual(25);
    expect(data.observed).toBeGreaterThan(2 * data.expected);
    expect(
      alerts.filter((a) => (a.data as TrendAlertRaisedData).value === 'west/logistics'),
    ).toEqual([]);
  });

  it('detects the hot topics of a surging batch and product with their complaints, then cools them', () => {
    const surge = batchSurge();
    const { closed } = run(inTimeOrder(background(), surge));
    const detected = findingsOf(closed, 'HotTopicDetected').map((f) => f.data as HotTopicFinding);
    const batch = detected.find((t) => t.kind === 'batch');
    const window = clock.bounds(DAY0 + SURGE_DAY);
    expect(batch).toMatchObject({
      topicId: topicIdOf('batch', 'SKU-A#B7', window.start),
      detectedAt: window.end,
      subjectType: 'product',
      productSku: 'SKU-A',
      kind: 'batch',
      key: 'SKU-A#B7',
      complaintCount: 30,
      observed: 30,
    });
    expect([...(batch?.members ?? [])].sort()).toEqual(surge.map((o) => o.complaintId).sort());
    const product = detected.find((t) => t.kind === 'product');
    expect(product).toMatchObject({ key: 'SKU-A', productSku: 'SKU-A' });
    expect(product?.members).toEqual(expect.arrayContaining(surge.map((o) => o.complaintId)));
    const cooled = findingsOf(closed, 'HotTopicCooled');
    const coolAfter = policy.policy.hotTopics.subjects.test.coolAfterWindows;
    const batchCooled = cooled.find((c) => (c.data as HotTopicFinding).topicId === batch?.topicId);
    expect(batchCooled?.day).toBe(SURGE_DAY + coolAfter);
  });

  it('makes a phrase hot in complaints about three products a topic, with those complaints', () => {
    const spread = daily([...new Array<number>(SURGE_DAY).fill(0), 18], (_day, i) => ({
      productSku: ['SKU-B', 'SKU-C', 'SKU-D'][i % 3] as string,
      subjectType: 'product',
      text: '屏幕闪烁，无法正常使用',
    }));
    const { closed } = run(inTimeOrder(background(), spread));
    const phrase = findingsOf(closed, 'HotTopicDetected')
      .map((f) => f.data as HotTopicFinding)
      .filter((t) => t.kind === 'phrase');
    expect(phrase.map((t) => t.key)).toContain('屏幕闪烁');
    const topic = phrase.find((t) => t.key === '屏幕闪烁');
    expect(topic?.subjectType).toBe('product');
    expect([...(topic?.members ?? [])].sort()).toEqual(spread.map((o) => o.complaintId).sort());
  });

  it('lists a phrase hot in one product’s complaints as a hot word, not as a spreading topic', () => {
    const narrow = daily([...new Array<number>(SURGE_DAY).fill(0), 18], () => ({
      productSku: 'SKU-B',
      subjectType: 'product',
      text: '屏幕闪烁，无法正常使用',
    }));
    const { closed } = run(inTimeOrder(background(), narrow));
    const day = closed.find((w) => dayOf(w) === SURGE_DAY);
    expect(day?.hotWords.map((h) => h.phrase)).toContain('屏幕闪烁');
    const phraseTopics = findingsOf(closed, 'HotTopicDetected').filter(
      (f) => (f.data as HotTopicFinding).kind === 'phrase',
    );
    expect(phraseTopics).toEqual([]);
  });

  it('closes a window once event time passes its end by the allowed lateness, not before', () => {
    const detector = new FindingsDetector(policy);
    expect(
      detector.observe({ complaintId: 'c-1', at: at('2026-03-09 23:59:59.999'), channel: 'web' })
        .closed,
    ).toEqual([]);
    // 01:59 the next day: still within the 2 hours' lateness, a late complaint of the 9th counts.
    expect(
      detector.observe({ complaintId: 'c-2', at: at('2026-03-10 01:59'), channel: 'web' }).closed,
    ).toEqual([]);
    expect(
      detector.observe({ complaintId: 'c-3', at: at('2026-03-09 23:00'), channel: 'web' }).late,
    ).toBe(false);
    const closed = detector.advanceTo(at('2026-03-10 02:00'));
    expect(closed.map((w) => w.window.start)).toEqual([at('2026-03-09 00:00')]);
    expect(closed[0]?.record).toMatchObject({
      observations: 2,
      dimensions: { channel: [['web', 2]] },
    });
    const late = detector.observe({
      complaintId: 'c-4',
      at: at('2026-03-09 23:30'),
      channel: 'web',
    });
    expect(late).toEqual({ closed: [], late: true });
    expect(detector.late).toBe(1);
  });

  it('puts an instant at midnight in the day it starts', () => {
    const { closed } = run([
      { complaintId: 'c-1', at: at('2026-03-09 23:59:59.999'), channel: 'web' },
      { complaintId: 'c-2', at: at('2026-03-10 00:00'), channel: 'app' },
    ]);
    expect(closed.map((w) => [w.window.start, w.record.dimensions.channel])).toEqual([
      [at('2026-03-09 00:00'), [['web', 1]]],
      [at('2026-03-10 00:00'), [['app', 1]]],
    ]);
  });

  it('closes the quiet windows in between, so a quiet week still counts as quiet', () => {
    const { closed } = run([
      { complaintId: 'c-1', at: onDay(0), channel: 'web' },
      { complaintId: 'c-2', at: onDay(8), channel: 'web' },
    ]);
    expect(closed.map(dayOf).slice(0, 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(closed[3]?.record.observations).toBe(0);
  });

  it('gives the same windows, findings and ids when the same history is replayed', () => {
    const history = inTimeOrder(background(), batchSurge(), regionSurge());
    expect(run(history).closed).toEqual(run(history).closed);
  });

  it('finds the same whatever order a window’s complaints arrive in', () => {
    const history = inTimeOrder(background(), batchSurge(), regionSurge());
    const byDay = new Map<string, ComplaintObservation[]>();
    for (const o of history)
      byDay.set(o.at.slice(0, 10), [...(byDay.get(o.at.slice(0, 10)) ?? []), o]);
    // Reversed within each day (the specs' complaints come between 08:00 and 20:00 in Shanghai,
    // one UTC date): every complaint still finds its window open.
    const shuffled = [...byDay.values()].flatMap((day) => [...day].reverse());
    const found = (closed: ClosedWindow[]) =>
      closed.map((w) => ({ findings: w.findings, hotWords: w.hotWords }));
    const reversed = run(shuffled);
    expect(reversed.detector.late).toBe(0);
    expect(found(reversed.closed)).toEqual(found(run(history).closed));
  });

  it('takes up where stored windows left off: resumed, it finds what one detector running throughout found', () => {
    const history = inTimeOrder(background(), batchSurge(), regionSurge());
    const throughout = run(history).closed;
    const cut = onDay(20, 0);
    const before = run(
      history.filter((o) => o.at < cut),
      policy,
      new Date(Date.parse(cut) + policy.allowedLatenessMs).toISOString(),
    ).closed;
    const resumed = new FindingsDetector(policy);
    for (const w of JSON.parse(JSON.stringify(before)) as ClosedWindow[]) resumed.resume(w.record);
    expect(resumed.nextWindow).toBe(DAY0 + 20);
    const after: ClosedWindow[] = [];
    for (const o of history.filter((o) => o.at >= cut)) after.push(...resumed.observe(o).closed);
    after.push(
      ...resumed.advanceTo(new Date(Date.parse(history.at(-1)!.at) + 2 * 86_400_000).toISOString()),
    );
    expect(findingsOf(after, 'TrendAlertRaised').length).toBeGreaterThan(0);
    expect([...before, ...after]).toEqual(throughout);
  });

  it('resumes only before observing, and in window order', () => {
    const { closed } = run(background().filter((o) => o.at < onDay(10, 0)));
    const detector = new FindingsDetector(policy);
    detector.resume(closed[3]!.record);
    expect(() => detector.resume(closed[1]!.record)).toThrow(RangeError);
    detector.observe({ complaintId: 'c-late-start', at: onDay(20) });
    expect(() => detector.resume(closed[5]!.record)).toThrow(/before the first observation/);
  });

  it('never lets a later complaint change an earlier window’s finding', () => {
    const history = inTimeOrder(background(), batchSurge());
    const cut = onDay(SURGE_DAY + 2, 3);
    const before = history.filter((o) => o.at < cut);
    const flood = daily([...new Array<number>(SURGE_DAY + 2).fill(0), 200], () => ({
      productSku: 'SKU-A',
      batchNo: 'B7',
      channel: 'app',
      text: '电池鼓包起火，太危险了',
    }));
    const after = inTimeOrder(history, flood);
    const closedBy = (closed: ClosedWindow[]) =>
      closed.filter((w) => Date.parse(w.window.end) <= Date.parse(cut) - 2 * 3_600_000);
    const a = closedBy(run(before, policy, cut).closed);
    const b = closedBy(run(after).closed);
    expect(a.length).toBeGreaterThan(SURGE_DAY);
    expect(b).toEqual(a);
  });

  it('rejects an observation without a readable time, naming the field', () => {
    const detector = new FindingsDetector(policy);
    expect(() => detector.observe({ complaintId: 'c-1', at: 'yesterday' })).toThrow(InvalidInput);
    expect(() => detector.observe({ complaintId: 'c-1', at: 'yesterday' })).toThrow(/^at:/);
  });

  it('counts only the dimensions and subjects the policy names', () => {
    const only = policyWith((p) => {
      p.surges.dimensions = ['channel'];
      p.hotTopics.subjects.kinds = ['batch'];
    });
    const { closed } = run(
      [
        {
          complaintId: 'c-1',
          at: onDay(0),
          channel: 'web',
          productSku: 'S',
          batchNo: 'B',
          region: 'r',
          category: 'c',
        },
      ],
      only,
    );
    expect(closed[0]?.record.dimensions).toEqual({ channel: [['web', 1]] });
    expect(closed[0]?.record.subjects).toEqual([['batch:S#B', 1]]);
  });
});

describe('the findings as of a time, from stored window records', () => {
  const history = inTimeOrder(background(), batchSurge(), regionSurge());
  const live = run(history).closed;
  const records = live.map((w) => w.record);

  it('recomputes exactly what the incremental detector found, members aside', () => {
    const recomputed = findingsAsOf(JSON.parse(JSON.stringify(records)), policy, {
      asOf: onDay(DAYS + 5),
      from: onDay(0, 0),
      to: onDay(DAYS + 5, 0),
    });
    const alerts = live.flatMap((w) =>
      w.findings.filter((f) => f.type === 'TrendAlertRaised').map((f) => f.data),
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(recomputed.trendAlerts).toEqual(alerts);
    const topics = live.flatMap((w) =>
      withoutMembers(w)
        .findings.filter((f) => f.type === 'HotTopicDetected')
        .map((f) => f.data),
    );
    expect(topics.map((t) => t.kind).sort()).toEqual(['batch', 'product']);
    expect(recomputed.hotTopics.map((t) => t.topic)).toEqual(topics);
    expect(recomputed.hotWords.flatMap((h) => h.words).length).toBeGreaterThan(0);
    expect(recomputed.hotWords.map((h) => h.words)).toEqual(
      live.filter((w) => w.window.start < onDay(DAYS + 5, 0)).map((w) => w.hotWords),
    );
  });

  it('knows nothing of a window before it closed: an alert does not exist before its window’s end + lateness', () => {
    const period = { from: onDay(SURGE_DAY, 0), to: onDay(SURGE_DAY + 1, 0) };
    const justBefore = findingsAsOf(records, policy, {
      ...period,
      asOf: onDay(SURGE_DAY + 1, 1.99),
    });
    const justAfter = findingsAsOf(records, policy, { ...period, asOf: onDay(SURGE_DAY + 1, 2) });
    expect(justBefore.trendAlerts).toEqual([]);
    expect(justBefore.closedThrough).toBe(onDay(SURGE_DAY, 0));
    expect(justAfter.trendAlerts.map((a) => a.value)).toContain('east/logistics');
  });

  it('shows a topic active as of a time before it cooled, and cooled after', () => {
    const period = { from: onDay(SURGE_DAY, 0), to: onDay(SURGE_DAY + 1, 0) };
    const batchOf = (asOf: string) =>
      findingsAsOf(records, policy, { ...period, asOf }).hotTopics.find(
        (t) => t.topic.kind === 'batch',
      );
    expect(batchOf(onDay(SURGE_DAY + 2))).toMatchObject({ status: 'active' });
    expect(batchOf(onDay(SURGE_DAY + 10))).toMatchObject({
      status: 'cooled',
      cooledAt: expect.any(String),
    });
  });

  it('fills the windows a store left out (nothing observed) as empty', () => {
    const sparse = records.filter((r) => r.observations > 0 || r.index % 2 === 0);
    const query = { asOf: onDay(DAYS + 5), from: onDay(0, 0), to: onDay(DAYS, 0) };
    expect(findingsAsOf(sparse, policy, query)).toEqual(findingsAsOf(records, policy, query));
  });

  it('sums the period’s hot words by phrase', () => {
    const result = findingsAsOf(records, policy, {
      asOf: onDay(DAYS + 5),
      from: onDay(0, 0),
      to: onDay(DAYS, 0),
    });
    const words = hotWordsOfPeriod(result.hotWords);
    expect(words.map((w) => w.phrase)).toContain('电池鼓包');
    expect(words.find((w) => w.phrase === '电池鼓包')).toMatchObject({
      windows: 1,
      observed: 30,
      firstHotIn: onDay(SURGE_DAY, 0),
    });
  });

  it.each([
    ['asOf', { asOf: 'now', from: onDay(0), to: onDay(1) }],
    ['from', { asOf: onDay(1), from: '', to: onDay(1) }],
    ['to', { asOf: onDay(1), from: onDay(2), to: onDay(1) }],
  ])('rejects a bad %s, naming it', (field, query) => {
    expect(() => findingsAsOf(records, policy, query)).toThrow(InvalidFindingsQuery);
    expect(() => findingsAsOf(records, policy, query)).toThrow(new RegExp(`^${field}:`));
  });
});
