import {
  compileAnalyticsPolicy,
  DEFAULT_ANALYTICS_POLICY,
  type AnalyticsPolicy,
} from '../src/domain/analytics-policy';
import { runCorpus, scoreHotWords } from '../src/domain/evaluation/hot-word-quality';
import { generateCorpus } from '../src/domain/evaluation/synthetic-corpus';

/**
 * Tries hot-word thresholds on the tuning seeds (never the held-out ones of the quality spec):
 * `node -r ./scripts/ts-hook.js scripts/tune-hot-words.ts`; GRID is a JSON list of changes.
 */
const seeds = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const corpora = seeds.map((s) => generateCorpus(s));
const grid = JSON.parse(process.env.GRID ?? '[{}]') as Array<Partial<AnalyticsPolicy['hotWords']>>;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const change of grid) {
  const doc = structuredClone(DEFAULT_ANALYTICS_POLICY);
  Object.assign(doc.hotWords, change);
  const policy = compileAnalyticsPolicy(doc);
  const started = process.hrtime.bigint();
  const results = corpora.map((c) => scoreHotWords(c, runCorpus(c, policy), 2, 10));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const events = corpora.reduce((a, c) => a + c.observations.length, 0);
  const phrases = results.flatMap((r) => r.phrases);
  const found = phrases.filter((p) => p.delay !== null);
  const rate = (f: (p: (typeof phrases)[number]) => boolean) => {
    const chosen = phrases.filter(f);
    return `${pct(chosen.filter((p) => p.delay !== null).length / chosen.length)} (${chosen.length})`;
  };
  const listed = results.reduce((a, r) => a + r.listed, 0);
  const trueListed = results.reduce((a, r) => a + r.trueListed, 0);
  console.log(
    JSON.stringify(change),
    `recall ${pct(found.length / phrases.length)} (${found.length}/${phrases.length})`,
    `novel ≥10/window ${rate((p) => p.kind === 'novel' && p.perWindow >= 10)}`,
    `novel 6/window ${rate((p) => p.kind === 'novel' && p.perWindow < 10)}`,
    `rising ≥20/window ${rate((p) => p.kind === 'rising' && p.perWindow >= 20)}`,
    `rising <20/window ${rate((p) => p.kind === 'rising' && p.perWindow < 20)}`,
    `precision@10 ${pct(trueListed / listed)} (${trueListed}/${listed})`,
    `false/window ${(results.reduce((a, r) => a + r.falsePerWindow, 0) / results.length).toFixed(2)}`,
    `topics ${JSON.stringify(results.reduce((a, r) => ({ injected: a.injected + r.topics.injected, other: a.other + r.topics.other }), { injected: 0, other: 0 }))}`,
    `${((1000 * ms) / events).toFixed(1)} µs/event`,
  );
  if (process.env.MISSED) {
    for (const p of phrases.filter((x) => x.delay === null))
      console.log('  missed', JSON.stringify(p));
  }
}
