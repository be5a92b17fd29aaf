/* global structuredClone */
// The pure parts of `npm run demo`: the bundled data, the rules a sample must meet, the keys
// that make a second run safe, the demo SLA policy and the history as NDJSON for the import.
import contracts from '@redress/contracts';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS, HISTORY_DAYS, SUBJECT_TYPES } from './generate-sample.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export const loadSample = () => JSON.parse(readFileSync(join(here, 'complaints.json'), 'utf8'));
export const loadHistory = () => JSON.parse(readFileSync(join(here, 'history.json'), 'utf8'));

/**
 * The Idempotency-Key of one write: the sample's id and the step, so a second run sends the same
 * key with the same body and gets the first answer. Prefixed, and within the APIs' 200 printable
 * ASCII characters.
 */
export function idempotencyKey(sampleId, step) {
  const key = `redress-demo:${sampleId}:${step}`;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new Error(`not a usable Idempotency-Key: ${key}`);
  return key;
}

const { CUSTOMER_TIERS: TIERS, FLAG_NAMES: FLAGS, REMEDIES } = contracts;
const PHONE = /^\+?[0-9][0-9 ().-]{4,24}$/;
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const SUBJECT_FIELDS = [
  'type',
  'productSku',
  'productModel',
  'batchNo',
  'orderId',
  'purchaseChannel',
  'purchasedAt',
  'staffId',
];

/** What `POST /complaints` would refuse in one registration (CONTRACT "Intake API"), by field. */
export function registrationProblems(body) {
  const problems = [];
  const bad = (field, message) => problems.push({ field, message });
  if (!CHANNELS.includes(body.channel)) bad('channel', 'is not a channel of the contract');
  const customer = body.customer ?? {};
  if (typeof customer.name !== 'string' || customer.name.length < 1 || customer.name.length > 200)
    bad('customer.name', 'must be 1–200 characters');
  if (customer.phone === undefined && customer.email === undefined)
    bad('customer.phone', 'phone or email is required');
  if (customer.phone !== undefined && !PHONE.test(customer.phone))
    bad('customer.phone', 'is not a phone number');
  if (customer.email !== undefined && !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(customer.email))
    bad('customer.email', 'is not an e-mail address');
  if (customer.tier !== undefined && !TIERS.includes(customer.tier))
    bad('customer.tier', 'is not a tier');
  const subject = body.subject ?? {};
  if (!SUBJECT_TYPES.includes(subject.type)) bad('subject.type', 'is not a subject type');
  for (const key of Object.keys(subject)) {
    if (!SUBJECT_FIELDS.includes(key)) bad(`subject.${key}`, 'is not a field');
    else if (key !== 'type' && (subject[key].length < 1 || subject[key].length > 100))
      bad(`subject.${key}`, 'must be 1–100 characters');
  }
  if (typeof body.description !== 'string' || body.description.length < 1)
    bad('description', 'is required');
  else if (body.description.length > 10_000) bad('description', 'is longer than 10,000');
  if (body.title !== undefined && (body.title.length < 1 || body.title.length > 200))
    bad('title', 'must be 1–200 characters');
  for (const remedy of body.desiredRemedies ?? [])
    if (!REMEDIES.includes(remedy)) bad('desiredRemedies', `${remedy} is not a remedy`);
  if (body.language !== undefined && !LANGUAGE.test(body.language))
    bad('language', 'is not a BCP 47 tag');
  if (
    body.complainantCount !== undefined &&
    !(Number.isInteger(body.complainantCount) && body.complainantCount >= 1)
  )
    bad('complainantCount', 'must be an integer ≥ 1');
  for (const flag of Object.keys(body.flags ?? {}))
    if (!FLAGS.includes(flag)) bad(`flags.${flag}`, 'is not a flag');
  return problems;
}

/** A sample complaint as the body of `POST /complaints`: the demo's own fields left out. */
export function registrationBody(sample) {
  const body = { ...sample };
  delete body.id;
  delete body.scenario;
  return body;
}

/**
 * The demo SLA policy: triage's policy in force with every target's durations in minutes on a
 * 24/7 clock, so warnings and breaches happen while the demo runs. Everything else is kept.
 */
export const DEMO_SLA_TARGETS = {
  minor: { clock: '24/7', resolveWithin: { minutes: 40 } },
  general: { clock: '24/7', resolveWithin: { minutes: 40 } },
  serious: { clock: '24/7', respondWithin: { minutes: 20 }, resolveWithin: { minutes: 40 } },
  major: {
    clock: '24/7',
    respondWithin: { minutes: 3 },
    planWithin: { minutes: 20 },
    resolveWithin: { minutes: 40 },
  },
};

export function demoPolicy(policy) {
  return { ...policy, sla: { ...policy.sla, targets: structuredClone(DEMO_SLA_TARGETS) } };
}

/** JSON with every object's keys sorted: the service answers the policy in its own key order. */
const canonical = (value) =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

export function isDemoPolicy(policy) {
  return canonical(policy?.sla?.targets) === canonical(DEMO_SLA_TARGETS);
}

/**
 * The history as NDJSON for `POST /complaints/imports`: each row received `daysAgo` days before
 * `today` (a local day in Asia/Shanghai), at a working hour spread by its position.
 */
export function historyNdjson(rows, today = new Date()) {
  // Midnight in Shanghai (UTC+8, no daylight saving) of the day `today` falls on there.
  const shanghai = new Date(today.getTime() + 8 * 3600_000);
  const midnight =
    Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate()) -
    8 * 3600_000;
  return rows
    .map((row, index) => {
      const { daysAgo, ...fields } = row;
      const minute = 9 * 60 + ((index * 37) % 600);
      const receivedAt = new Date(midnight - daysAgo * 86_400_000 + minute * 60_000);
      return JSON.stringify({ ...fields, receivedAt: receivedAt.toISOString() });
    })
    .join('\n')
    .concat('\n');
}

export { CHANNELS, HISTORY_DAYS, SUBJECT_TYPES };
