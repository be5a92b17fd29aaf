import { compileAnalyticsPolicy, DEFAULT_ANALYTICS_POLICY } from '../src/domain/analytics-policy';
import { corpusStream } from '../src/domain/evaluation/synthetic-corpus';
import type { ComplaintObservation, WindowRecord } from '../src/domain/findings';
import { findingsAsOf } from '../src/domain/findings-as-of';
import { FindingsDetector } from '../src/domain/findings.detector';

/**
 * Time per observation of the incremental detector over a year of synthetic complaints
 * (COMPLAINTS, default 500,000: one registration with its description and one triage each,
 * 1,000,000 observations): `node -r ./scripts/ts-hook.js scripts/bench-detectors.ts`. Generating
 * the texts is not timed; closing windows is, in the observation that closes them.
 */
const complaints = Number(process.env.COMPLAINTS ?? 500_000);
const days = 365;
const policy = compileAnalyticsPolicy(DEFAULT_ANALYTICS_POLICY);
const REGIONS = ['east', 'west', 'north', 'south', 'central'];
const CATEGORIES = ['quality', 'logistics', 'service', 'billing', 'installation', 'safety'];

function triageOf(o: ComplaintObservation, i: number): ComplaintObservation {
  return {
    complaintId: o.complaintId,
    at: new Date(Date.parse(o.at) + 1000).toISOString(),
    region: REGIONS[i % REGIONS.length] as string,
    category: CATEGORIES[(i * 7) % CATEGORIES.length] as string,
    department: `dept-${(i * 13) % 9}`,
  };
}

for (const mode of ['both', 'registrations', 'triage'] as const) {
  const stream = corpusStream(7, {
    windows: days,
    complaintsPerWindow: complaints / days,
    injections: 19,
  });
  const detector = new FindingsDetector(policy);
  let observations = 0;
  let ns = 0n;
  let closes = 0;
  let slowestClose = 0n;
  let findings = 0;
  const records: WindowRecord[] = [];
  for (let t = 0; t < days; t += 1) {
    const registered = stream.window(t);
    const feed: ComplaintObservation[] = [];
    registered.forEach((o, i) => {
      if (mode !== 'triage') feed.push(o);
      if (mode !== 'registrations') feed.push(triageOf(o, i));
    });
    for (const o of feed) {
      const started = process.hrtime.bigint();
      const { closed } = detector.observe(o);
      const took = process.hrtime.bigint() - started;
      ns += took;
      if (closed.length > 0) {
        closes += closed.length;
        if (took > slowestClose) slowestClose = took;
        findings += closed.reduce((a, w) => a + w.findings.length, 0);
        if (mode === 'both') records.push(...closed.map((w) => w.record));
      }
    }
    observations += feed.length;
  }
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `${mode}: ${observations} observations, ${(Number(ns) / 1000 / observations).toFixed(2)} µs each ` +
      `(${Math.round(observations / (Number(ns) / 1e9))} a second); ${closes} windows closed, the slowest ` +
      `close ${(Number(slowestClose) / 1e6).toFixed(1)} ms; ${findings} findings; state ${JSON.stringify(detector.sizes)}; heap ${heap.toFixed(0)} MiB`,
  );
  if (mode === 'both') {
    // The stored path: every record of the year, JSON as a store would hand it back.
    const stored = JSON.stringify(records);
    const parsed = JSON.parse(stored) as WindowRecord[];
    const last = records.at(-1)?.end ?? '';
    for (const hotWords of [true, false]) {
      const started = process.hrtime.bigint();
      const answer = findingsAsOf(parsed, policy, {
        asOf: last,
        from: records[0]?.start ?? '',
        to: last,
        hotWords,
      });
      console.log(
        `findingsAsOf over ${records.length} records (${(stored.length / records.length / 1024).toFixed(0)} KiB of JSON a window), ` +
          `hot words ${hotWords ? 'included' : 'left out'}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms, ` +
          `${answer.trendAlerts.length} alerts, ${answer.hotTopics.length} topics`,
      );
    }
  }
}
