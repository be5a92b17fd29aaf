// Benchmark part "classification": how well and how fast triage classifies complaint text.
//
//   1. accuracy   the evaluation half of apps/triage/corpus (complaints in simplified Chinese,
//                 traditional Chinese and English, labelled by hand) through `triage` — the
//                 decision the service makes for a new complaint — with the default policy:
//                 department accuracy, category macro-F1, type accuracy, review rate, the same per
//                 language, and the confusions. Once with each complaint's subject type as
//                 submitted (the figures with targets), once with every type "other" (the text
//                 alone). The tuning half is never read here.
//   2. speed      the same decisions in a loop on one core: classifications per second and CPU
//                 per classification (process CPU time ÷ decisions).
//
// Pure computation in this process: nothing is started, no database or broker is used.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const title = 'classification — accuracy on the evaluation half of the corpus, and speed';
export const packages = ['@redress/triage'];

// Issue 9: department ≥ 90 %, review rate ≤ 15 % on the evaluation half.
const TARGETS = { departmentAccuracy: 90, reviewRate: 15 };

export async function run(context) {
  const { repoRoot, options } = context;
  const require = createRequire(import.meta.url);
  const dist = join(repoRoot, 'apps/triage/dist');
  if (!existsSync(join(dist, 'classification-quality/measure.js')))
    throw new Error('apps/triage/dist is missing: the build did not produce it');
  const domain = require(join(dist, 'domain/index.js'));
  const { readCorpus } = require(join(dist, 'classification-quality/corpus.js'));
  const { classifyCorpus, summarise } = require(join(dist, 'classification-quality/measure.js'));

  const compiled = domain.compilePolicy(domain.DEFAULT_TRIAGE_POLICY, 1);
  const items = readCorpus('evaluation');
  const asSubmitted = summarise(classifyCorpus(items, compiled));
  const textOnly = summarise(classifyCorpus(items, compiled, { textOnly: true }));
  const speed = measureSpeed(domain, compiled, items, options.quick ? 1 : 5);

  const pct = (value) => (value === null ? undefined : value * 100);
  const o = asSubmitted.overall;
  const rows = [
    {
      figure: 'department accuracy (subject type as submitted)',
      value: pct(o.departmentAccuracy),
      unit: '%',
      target: { min: TARGETS.departmentAccuracy },
      note: `${o.complaints} complaints; ${pct(o.decidedDepartmentAccuracy)?.toFixed(1)} % among those decided without review`,
    },
    {
      figure: 'review rate (subject type as submitted)',
      value: pct(o.reviewRate),
      unit: '%',
      target: { max: TARGETS.reviewRate },
      note: reviewNote(asSubmitted.reviews),
    },
    { figure: 'category macro-F1', value: o.categoryMacroF1 },
    { figure: 'category accuracy', value: pct(o.categoryAccuracy), unit: '%' },
    { figure: 'type accuracy', value: pct(o.typeAccuracy), unit: '%' },
    {
      figure: 'subcategory accuracy (items labelled with one)',
      value: pct(o.subcategoryAccuracy),
      unit: '%',
    },
  ];
  for (const [language, f] of Object.entries(asSubmitted.byLanguage)) {
    rows.push({
      figure: `${language}: department / review / macro-F1`,
      value: pct(f.departmentAccuracy),
      unit: '%',
      note: `${f.complaints} complaints, department ${pct(f.departmentAccuracy).toFixed(1)} %, review ${pct(f.reviewRate).toFixed(1)} %, macro-F1 ${f.categoryMacroF1.toFixed(3)}`,
    });
  }
  const t = textOnly.overall;
  rows.push(
    {
      figure: 'text only (every type "other"): department accuracy',
      value: pct(t.departmentAccuracy),
      unit: '%',
    },
    {
      figure: 'text only: review rate',
      value: pct(t.reviewRate),
      unit: '%',
      note: reviewNote(textOnly.reviews),
    },
    { figure: 'text only: category macro-F1', value: t.categoryMacroF1 },
    {
      figure: 'classifications/s on one core (whole triage decision)',
      value: Math.round(speed.perSecond),
      unit: '/s',
      note: `${speed.count} decisions over the ${items.length} evaluation complaints`,
    },
    {
      figure: 'CPU per classification',
      value: speed.cpuMicrosEach,
      unit: 'µs',
      note: `wall ${speed.wallMicrosEach.toFixed(1)} µs each`,
    },
  );
  const misrouted = asSubmitted.departments.filter((d) => d.expected !== d.decided);
  rows[0].note += misrouted.length
    ? `; misrouted: ${misrouted.map((d) => `${d.expected}→${d.decided} ${d.count}`).join(', ')}`
    : '';
  return { rows, details: { asSubmitted, textOnly, speed } };
}

function reviewNote(r) {
  return `${r.total} reviews: no keyword ${r.noEvidence}, low confidence ${r.lowConfidence}, tie ${r.tie}; ${r.rightDepartment} of them wait in the right department`;
}

/** Decisions over the corpus in a loop, after a warm-up; CPU from process.cpuUsage. */
function measureSpeed(domain, compiled, items, seconds) {
  const facts = items.map((item, index) => ({
    complaintId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    registeredAt: '2026-03-02T02:00:00.000Z',
    subject: item.subject,
    ...(item.title === undefined ? {} : { title: item.title }),
    description: item.description,
    complainantCount: 1,
    flags: {
      lawsuitFiled: false,
      legalThreat: false,
      mediaExposed: false,
      mediaThreat: false,
      regulatorInvolved: false,
      safetyIncident: false,
    },
  }));
  const context = { status: 'open', clusterCount: 1, repeatAfterClosure: false };
  const now = new Date('2026-03-02T02:05:00.000Z');
  let sink = 0;
  for (let i = 0; i < 20_000; i += 1) {
    sink += domain.triage(facts[i % facts.length], context, compiled, now).confidence;
  }
  let count = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1_000; i += 1, count += 1) {
      sink += domain.triage(facts[count % facts.length], context, compiled, now).confidence;
    }
  }
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (!(sink > 0)) throw new Error('no confidence above 0: the corpus or the policy is broken');
  return {
    count,
    perSecond: count / wallS,
    wallMicrosEach: (wallS * 1e6) / count,
    cpuMicrosEach: (cpu.user + cpu.system) / count,
  };
}
