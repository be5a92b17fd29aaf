import { compileAnalyticsPolicy, DEFAULT_ANALYTICS_POLICY } from '../src/domain/analytics-policy';
import { runCorpus, scoreHotWords } from '../src/domain/evaluation/hot-word-quality';
import {
  evaluateSurgeSeeds,
  recallOf,
  type ScoredSurge,
  type SurgeQuality,
} from '../src/domain/evaluation/surge-quality';
import { generateCorpus } from '../src/domain/evaluation/synthetic-corpus';
import { generateSurgeHistory } from '../src/domain/evaluation/synthetic-history';

/**
 * The figures of the README's "Detectors" section, for the tuning and the held-out seeds, with
 * the default policy: `node -r ./scripts/ts-hook.js scripts/evaluate-detectors.ts`.
 */
const policy = compileAnalyticsPolicy(DEFAULT_ANALYTICS_POLICY);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const sets = { tuning: [1, 2, 3, 4, 5], 'held-out': [101, 102, 103, 104, 105] };

function row(name: string, q: SurgeQuality, f: (s: ScoredSurge) => boolean): string {
  const r = recallOf(q, f);
  return `| ${name} | ${r.surges} | ${pct(r.recall)} |`;
}

for (const [label, topics, dispersion] of [
  ['trend alerts, Poisson noise', false, 0],
  ['trend alerts, overdispersed (CV 0.2)', false, 0.2],
  ['trend alerts, overdispersed (CV 0.35)', false, 0.35],
  ['product hot topics, Poisson noise', true, 0],
] as const) {
  for (const [set, seeds] of Object.entries(sets)) {
    const q = evaluateSurgeSeeds(
      seeds.map((s) => generateSurgeHistory(s, { dispersion })),
      policy,
      3,
      { topics },
    );
    console.log(`\n### ${label}, ${set} seeds ${seeds.join(', ')}\n`);
    console.log('| injected surges | n | detected within 3 windows |');
    console.log('| --- | ---: | ---: |');
    console.log(row('all', q, () => true));
    console.log(row('≥ 3×, base ≥ 5 a day', q, (s) => s.multiplier >= 3 && s.base >= 5));
    console.log(row('≥ 3×, base ≥ 2 a day', q, (s) => s.multiplier >= 3 && s.base >= 2));
    console.log(row('≥ 5×, base ≥ 2 a day', q, (s) => s.multiplier >= 5 && s.base >= 2));
    console.log(
      row('2×, base ≥ 5, ≥ 3 days', q, (s) => s.multiplier === 2 && s.base >= 5 && s.length >= 3),
    );
    console.log(row('1.5×', q, (s) => s.multiplier === 1.5));
    console.log(row('≥ 3×, base < 2 a day', q, (s) => s.multiplier >= 3 && s.base < 2));
    console.log(
      `\nfalse alerts: ${q.falseAlerts} in ${q.quietWindows} quiet series-windows = ${q.falseAlertsPer1000.toFixed(2)} per 1,000; median delay ${q.medianDelay} windows`,
    );
  }
}

const corpora = {
  tuning: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  'held-out': [101, 102, 103, 104, 105, 106, 107, 108, 109, 110],
};
for (const [set, seeds] of Object.entries(corpora)) {
  const results = seeds.map((seed) => {
    const corpus = generateCorpus(seed);
    return scoreHotWords(corpus, runCorpus(corpus, policy), 2, 10);
  });
  const phrases = results.flatMap((r) => r.phrases);
  const rate = (name: string, f: (p: (typeof phrases)[number]) => boolean) => {
    const chosen = phrases.filter(f);
    const found = chosen.filter((p) => p.delay !== null).length;
    return `| ${name} | ${chosen.length} | ${pct(found / chosen.length)} |`;
  };
  const listed = results.reduce((a, r) => a + r.listed, 0);
  const trueListed = results.reduce((a, r) => a + r.trueListed, 0);
  console.log(`\n### hot words, ${set} seeds ${seeds[0]}–${seeds.at(-1)}\n`);
  console.log('| injected phrases | n | listed within 2 windows |');
  console.log('| --- | ---: | ---: |');
  console.log(rate('all', () => true));
  console.log(
    rate('novel, ≥ 10 complaints a window', (p) => p.kind === 'novel' && p.perWindow >= 10),
  );
  console.log(rate('novel, 6 a window', (p) => p.kind === 'novel' && p.perWindow < 10));
  console.log(
    rate('background phrase, +20 or +40 a window', (p) => p.kind === 'rising' && p.perWindow >= 20),
  );
  console.log(
    rate('background phrase, +6 or +10 a window', (p) => p.kind === 'rising' && p.perWindow < 20),
  );
  console.log(
    `\nprecision of the top 10: ${trueListed}/${listed} = ${pct(trueListed / listed)}; phrase topics: ${results.reduce((a, r) => a + r.topics.injected, 0)} of injected phrases, ${results.reduce((a, r) => a + r.topics.other, 0)} of anything else`,
  );
}
