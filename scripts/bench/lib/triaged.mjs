// Triage's decisions as the resolution part publishes them: `ComplaintTriaged` CloudEvents in
// CONTRACT's envelope, about complaints of every subject type, routed as triage's default policy
// routes them, with a spread of severities, escalation classes and customer tiers like a normal
// day's. Every event is validated against libs/contracts before it is sent, so the service never
// gets one triage could not have published. No personal data: triage's events carry none.
import { randomUUID } from 'node:crypto';

/** Subject type → (department of triage's default routing, category, subcategory). */
const SUBJECTS = [
  ['product', 'quality', 'quality', 'foreign-object'],
  ['product', 'quality', 'quality', 'spoiled'],
  ['product', 'quality', 'safety', undefined],
  ['service', 'customer-service', 'service-attitude', undefined],
  ['logistics', 'logistics', 'delivery', 'late-delivery'],
  ['logistics', 'logistics', 'delivery', 'damaged-parcel'],
  ['billing', 'finance', 'billing', 'double-charge'],
  ['property', 'property', 'maintenance', 'leak'],
  ['process', 'operations', 'returns', undefined],
  ['staff', 'customer-service', 'staff-conduct', undefined],
  ['other', 'customer-service', 'privacy', undefined],
];
/** One day's mix, 20 complaints long: mostly general, a few minor, serious and major. */
const SEVERITIES = [
  ...Array(2).fill('minor'),
  ...Array(12).fill('general'),
  ...Array(4).fill('serious'),
  ...Array(2).fill('major'),
];
const TIERS = ['unknown', 'high', 'medium', 'low'];
/** DOMAIN §2 (003): who approves and who is told, by escalation class (triage's default policy). */
const CLASSES = {
  general: { approver: 'project-general-manager', notify: [], reportToHeadquarters: false },
  important: { approver: 'division-head', notify: [], reportToHeadquarters: true },
  hot: { approver: 'project-general-manager', notify: [], reportToHeadquarters: true },
  major: {
    approver: 'product-decision-committee',
    notify: ['project-general-manager'],
    reportToHeadquarters: true,
  },
};

function escalationClassOf(n, severity) {
  if (severity === 'major' && n % 4 === 0) return 'major';
  if (n % 25 === 7) return 'hot';
  if (n % 10 === 3) return 'important';
  return 'general';
}

/**
 * The deadlines of a complaint whose nearest one is `nearest` (epoch ms), shaped by severity as
 * triage's SLA table shapes them (respond and plan before resolve); the lengths are the caller's
 * business, not triage's, so the benchmark decides when each falls due.
 */
function deadlinesOf(severity, nearest) {
  const at = (ms) => new Date(nearest + ms).toISOString();
  if (severity === 'major')
    return { respondBy: at(0), planBy: at(3_600_000), resolveBy: at(36 * 3_600_000) };
  if (severity === 'serious') return { respondBy: at(0), resolveBy: at(36 * 3_600_000) };
  return { resolveBy: at(0) };
}

/**
 * `make(n, { nearest, registeredAt, triagedAt, ...overrides })` → the n-th complaint's event:
 * subject, severity, class and tier follow n through the mix; `nearest` (epoch ms) is its nearest
 * deadline (the queue's sort key); `complaintId` the complaint's id (a new one if absent);
 * `overrides` replace fields of the data (e.g. `severity`, `escalationClass`, `deadlines`). Throws if the result is not a valid `ComplaintTriaged`.
 * `contracts` is `@redress/contracts`, loaded by the caller once the build has run.
 */
export function triagedEvents(contracts) {
  const registry = new contracts.EventRegistry([contracts.ComplaintTriaged]);
  return function make(n, { nearest, registeredAt, triagedAt, complaintId: given, ...overrides }) {
    const [type, department, category, subcategory] = SUBJECTS[n % SUBJECTS.length];
    const severity = overrides.severity ?? SEVERITIES[n % SEVERITIES.length];
    const escalationClass = overrides.escalationClass ?? escalationClassOf(n, severity);
    const review = n % 15 === 4;
    const complaintId = given ?? randomUUID();
    const data = {
      complaintId,
      type,
      category,
      ...(subcategory ? { subcategory } : {}),
      severity,
      escalationClass,
      department,
      customerTier: TIERS[n % TIERS.length],
      deadlines: nearest === undefined ? undefined : deadlinesOf(severity, nearest),
      rulesFired: [
        { rule: `sla:${severity}`, reason: `${severity} complaint: triage's SLA table` },
      ],
      policyVersion: 1,
      confidence: review ? 0.35 : 0.55 + (n % 9) * 0.05,
      needsReview: review,
      ...CLASSES[escalationClass],
      registeredAt: new Date(registeredAt).toISOString(),
      triagedAt: new Date(triagedAt).toISOString(),
      ...overrides,
    };
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/redress/triage',
      type: 'ComplaintTriaged',
      subject: complaintId,
      time: data.triagedAt,
      datacontenttype: 'application/json',
      schemaversion: 1,
      streamversion: 1,
      correlationid: randomUUID(),
      authtype: 'system',
      authid: 'triage',
      data,
    };
    registry.parse(event);
    return event;
  };
}
