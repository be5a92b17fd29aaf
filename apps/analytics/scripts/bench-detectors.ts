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

const stream = corpusStream(7, {
  windows: days,
  complaintsPerWindow: complaints / days,
  injections: 19,
});
const registered = Array.from({ length: days }, (_, t) => stream.window(t));

for (const mode of ['both', 'registrations', 'triage'] as const) {
  const feed: ComplaintObservation[] = [];
  for (const day of registered) {
    day.forEach((o, i) => {
      if (mode !== 'triage') feed.push(o);
      if (mode !== 'registrations') feed.push(triageOf(o, i));
    });
  }
  const detector = new FindingsDetector(policy);
  const records: WindowRecord[] = [];
  let findings = 0;
  // Wall time suffers from a shared machine's other work; the process's CPU time much less.
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let slowestClose = 0n;
  for (const o of feed) {
    const before = process.hrtime.bigint();
    const { closed } = detector.observe(o);
    if (closed.length > 0) {
      const took = process.hrtime.bigint() - before;
      if (took > slowestClose) slowestClose = took;
    }
    for (const w of closed) {
      findings += w.findings.length;
      if (mode === 'both') records.push(w.record);
    }
  }
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuUs = used.user + used.system;
  const observations = feed.length;
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `${mode}: ${observations} observations, ${(cpuUs / observations).toFixed(2)} µs of CPU each ` +
      `(${(wallUs / observations).toFixed(2)} µs wall); the slowest close ${(Number(slowestClose) / 1e6).toFixed(0)} ms; ` +
      `${findings} findings; ` +
      `state ${JSON.stringify(detector.sizes)}; heap ${heap.toFixed(0)} MiB`,
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
