import {
  compileAnalyticsPolicy,
  DEFAULT_ANALYTICS_POLICY,
  type AnalyticsPolicy,
} from '../src/domain/analytics-policy';
import { evaluateSurgeSeeds, recallOf } from '../src/domain/evaluation/surge-quality';
import { generateSurgeHistory } from '../src/domain/evaluation/synthetic-history';

/**
 * Tries surge thresholds on the tuning seeds (never the held-out ones of the quality spec) and
 * prints recall, false alerts and delay for each: `node -r ./scripts/ts-hook.js scripts/tune-surges.ts`.
 */
const seeds = (process.env.SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const dispersion = Number(process.env.DISPERSION ?? 0);
/** TOPICS=1: the series as product subjects, scored by their hot topics (the subjects' test). */
const topics = process.env.TOPICS === '1';
const histories = seeds.map((s) => generateSurgeHistory(s, { dispersion }));
const grid = JSON.parse(process.env.GRID ?? '[{}]') as Array<
  Partial<AnalyticsPolicy['surges']['test']>
>;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const change of grid) {
  const doc = structuredClone(DEFAULT_ANALYTICS_POLICY);
  Object.assign(topics ? doc.hotTopics.subjects.test : doc.surges.test, change);
  const q = evaluateSurgeSeeds(histories, compileAnalyticsPolicy(doc), 3, { topics });
  const big = recallOf(q, (s) => s.multiplier >= 3 && s.base >= 2);
  const big1 = recallOf(q, (s) => s.multiplier >= 3 && s.base >= 5);
  const dbl = recallOf(q, (s) => s.multiplier === 2 && s.base >= 5 && s.length >= 3);
  const low = recallOf(q, (s) => s.multiplier >= 5 && s.base < 2 && s.length >= 2);
  const five = recallOf(q, (s) => s.multiplier >= 5 && s.base >= 2);
  console.log(
    JSON.stringify(change),
    `recall ${pct(q.recall)} (${q.detected}/${q.surges.length})`,
    `≥3x base≥2 ${pct(big.recall)} (${big.surges})`,
    `≥3x base≥5 ${pct(big1.recall)} (${big1.surges})`,
    `2x base≥5 len≥3 ${pct(dbl.recall)} (${dbl.surges})`,
    `≥5x base<2 len≥2 ${pct(low.recall)} (${low.surges})`,
    `≥5x base≥2 ${pct(five.recall)} (${five.surges})`,
    `false/1000 ${q.falseAlertsPer1000.toFixed(2)} (${q.falseAlerts}/${q.quietWindows})`,
    `median delay ${q.medianDelay}`,
  );
}
