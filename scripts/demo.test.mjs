// The pure parts of `npm run demo`: `node --test scripts/demo.test.mjs` (`npm run test:demo`).
// The sample must be what the API accepts and cover what the demo promises; the keys that make a
// second run safe must not change between runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateHistory, generateSample } from './demo/generate-sample.mjs';
import {
  CHANNELS,
  DEMO_SLA_TARGETS,
  SUBJECT_TYPES,
  demoPolicy,
  historyNdjson,
  idempotencyKey,
  isDemoPolicy,
  loadHistory,
  loadSample,
  registrationBody,
  registrationProblems,
} from './demo/sample.mjs';

const sample = loadSample();

test('the bundled sample is the seeded generator’s output (regenerate it with the generator)', () => {
  assert.deepEqual(sample, generateSample());
  assert.deepEqual(loadHistory(), generateHistory());
});

test('every complaint of the sample is a registration intake accepts', () => {
  const problems = sample.flatMap((s) =>
    registrationProblems(registrationBody(s)).map((p) => `${s.id} ${p.field}: ${p.message}`),
  );
  assert.deepEqual(problems, []);
  assert.equal(
    registrationProblems({ channel: 'fax', customer: {}, subject: { type: 'x' } }).length >= 4,
    true,
  );
});

test('the sample has at least 300 complaints over every channel and subject type, in Chinese and English', () => {
  assert.ok(sample.length >= 300, `${sample.length} complaints`);
  assert.deepEqual(new Set(sample.map((s) => s.channel)), new Set(CHANNELS));
  assert.deepEqual(new Set(sample.map((s) => s.subject.type)), new Set(SUBJECT_TYPES));
  const languages = new Set(sample.map((s) => s.language));
  assert.ok(languages.has('zh') && languages.has('en'));
  assert.ok(sample.some((s) => /[\u4e00-\u9fff]/.test(s.description)));
  assert.ok(sample.some((s) => /^[\x20-\x7e]+$/.test(s.description)));
});

test('the sample holds a collective complaint, a media threat, a safety incident and several complainants of one subject', () => {
  assert.ok(sample.some((s) => (s.complainantCount ?? 1) >= 5));
  assert.ok(sample.some((s) => s.flags?.mediaThreat));
  assert.ok(sample.some((s) => s.flags?.safetyIncident));
  const bySku = new Map();
  for (const s of sample.filter((x) => x.scenario === 'same-subject')) {
    const customers = bySku.get(s.subject.productSku) ?? new Set();
    customers.add(s.customer.phone ?? s.customer.email);
    bySku.set(s.subject.productSku, customers);
  }
  assert.ok([...bySku.values()].some((customers) => customers.size >= 3));
  for (const scenario of ['sla-breach', 'unhappy', 'unreachable', 'food-safety-case-study'])
    assert.equal(sample.filter((s) => s.scenario === scenario).length, 1, scenario);
});

test('ids are unique and no two complaints share a contact (intake would link them as duplicates)', () => {
  assert.equal(new Set(sample.map((s) => s.id)).size, sample.length);
  const contacts = sample.map((s) => s.customer.phone ?? s.customer.email);
  assert.equal(new Set(contacts).size, contacts.length);
});

test('Idempotency-Keys derive from the sample id and the step, the same in every run', () => {
  assert.equal(idempotencyKey('demo-0001', 'register'), 'redress-demo:demo-0001:register');
  assert.equal(idempotencyKey('demo-0001', 'r1:assign'), idempotencyKey('demo-0001', 'r1:assign'));
  assert.notEqual(
    idempotencyKey('demo-0001', 'r1:assign'),
    idempotencyKey('demo-0001', 'r2:assign'),
  );
  const keys = sample.map((s) => idempotencyKey(s.id, 'register'));
  assert.equal(new Set(keys).size, keys.length);
  assert.throws(() => idempotencyKey('demo 1', 'register'));
});

test('the demo policy changes only the SLA targets: minutes, around the clock', () => {
  const policy = {
    version: 3,
    taxonomy: { a: 1 },
    sla: { targets: {}, customerTiers: { high: { factor: 0.75 } } },
  };
  const demo = demoPolicy(policy);
  assert.deepEqual(demo.taxonomy, policy.taxonomy);
  assert.deepEqual(demo.sla.customerTiers, policy.sla.customerTiers);
  assert.ok(isDemoPolicy(demo) && !isDemoPolicy(policy));
  // The service answers the policy with its keys in another order: still the demo's.
  const reordered = JSON.parse(
    JSON.stringify(
      DEMO_SLA_TARGETS,
      Object.keys(DEMO_SLA_TARGETS.major).concat(
        Object.keys(DEMO_SLA_TARGETS).reverse(),
        'minutes',
      ),
    ),
  );
  assert.ok(isDemoPolicy({ sla: { targets: reordered } }));
  for (const target of Object.values(DEMO_SLA_TARGETS)) {
    assert.equal(target.clock, '24/7');
    for (const [name, within] of Object.entries(target)) {
      if (name !== 'clock') assert.deepEqual(Object.keys(within), ['minutes']);
    }
  }
});

test('the history is 60 days before today, with the planted surges, and imports idempotently by source id', () => {
  const rows = loadHistory();
  const today = new Date('2026-12-07T11:00:00Z');
  const lines = historyNdjson(rows, today)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, rows.length);
  assert.equal(new Set(lines.map((l) => l.sourceId)).size, lines.length);
  const times = lines.map((l) => Date.parse(l.receivedAt));
  assert.ok(Math.max(...times) < today.getTime());
  assert.ok(Math.min(...times) >= Date.parse('2026-10-07T00:00:00+08:00'));
  const batch = lines.filter((l) => l.subject.batchNo === 'B20261130');
  assert.ok(batch.length >= 20);
  assert.ok(
    lines.filter((l) => l.region === '广东深圳' && l.subject.type === 'logistics').length >= 30,
  );
  for (const line of lines)
    assert.deepEqual(
      registrationProblems(line).filter(
        (p) => !['subject', 'sourceId', 'receivedAt'].includes(p.field),
      ),
      [],
    );
});
