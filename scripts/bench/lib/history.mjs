// A year of complaint handling as the five services publish it, for replaying into analytics:
// every complaint is registered and acknowledged (intake), triaged (triage), assigned, contacted
// and resolved (resolution), followed up, rated and closed (follow-up) — nine events — and some
// are reopened once and handled again, breach their resolution deadline, are withdrawn, or become
// a case study. Event time runs over `days` days from `start`, so every day is a daily window.
// Complaints are spread over regions, channels, products, departments and severities, with
// weekday and seasonal swings and a few product surges; descriptions are Chinese or English.
//
// Events come out day by day in event-time order, as the services would have appended them.
// Every event's data is completed and checked by its contract definition (`complete`) and its
// envelope by the contract's envelope check, so analytics gets nothing a service could not have
// published. No personal data: intake's events carry a customer reference and masked contacts.
import { randomUUID } from 'node:crypto';
import { triagedEvents } from './triaged.mjs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const REGIONS = [
  'east-china',
  'north-china',
  'south-china',
  'central-china',
  'southwest',
  'northwest',
  'northeast',
];
const CHANNEL_MIX = ['hotline', 'hotline', 'web', 'app', 'app', 'wechat', 'email', 'store'];
const STORES = ['天猫旗舰店', '京东自营', '社区超市', '盒马鲜生', 'official web shop', '线下门店'];
const PRODUCTS = [
  { sku: 'YG-200', zh: '原味酸奶', en: 'plain yoghurt' },
  { sku: 'MK-1L', zh: '一升装纯牛奶', en: 'one-litre whole milk' },
  { sku: 'CH-350', zh: '儿童奶酪棒', en: "children's cheese sticks" },
  { sku: 'PW-900', zh: '婴幼儿配方奶粉', en: 'infant formula' },
  { sku: 'BT-250', zh: '黄油', en: 'butter' },
  { sku: 'IC-500', zh: '香草冰淇淋', en: 'vanilla ice cream' },
  { sku: 'JC-300', zh: '橙汁', en: 'orange juice' },
  { sku: 'CF-180', zh: '即饮咖啡', en: 'ready-to-drink coffee' },
];
const PROBLEMS = [
  { zh: '打开后发现里面有异物', en: 'there was a foreign object inside when I opened it' },
  {
    zh: '在保质期内就已经结块发酸',
    en: 'it had gone sour and lumpy well before the best-before date',
  },
  { zh: '外包装漏气，表面发霉', en: 'the packaging leaked and the surface was mouldy' },
  { zh: '开罐后有明显的哈喇味', en: 'it smelled rancid as soon as it was opened' },
  { zh: '快递送达时包装已经破损', en: 'the parcel arrived damaged' },
  { zh: '同一订单被重复扣款', en: 'I was charged twice for the same order' },
  { zh: '客服态度很差，电话一直占线', en: 'the hotline was always busy and the agent was rude' },
  { zh: '退货申请一直没有处理', en: 'my return request has not been handled for weeks' },
];
const CLOSINGS = [
  {
    zh: '孩子喝了一口后肚子疼，我们很担心，希望尽快给个说法并退款。',
    en: 'My child felt unwell afterwards. Please explain what happened and refund me.',
  },
  {
    zh: '请检查同一批次的其他产品，避免别的家庭也遇到这种情况。',
    en: 'Please check the rest of the batch so other families are not affected.',
  },
  {
    zh: '已经是第二次遇到这种情况了，非常失望。',
    en: 'This is the second time this has happened and I am very disappointed.',
  },
];
/** Subject type → (department, category) as triage's default routing has them. */
const SUBJECT_OF_PROBLEM = [
  ['product', 'quality', 'quality'],
  ['product', 'quality', 'quality'],
  ['product', 'quality', 'quality'],
  ['product', 'quality', 'safety'],
  ['logistics', 'logistics', 'delivery'],
  ['billing', 'finance', 'billing'],
  ['service', 'customer-service', 'service-attitude'],
  ['process', 'operations', 'returns'],
];
const RESOLVE_DAYS = { minor: 7, general: 5, serious: 3, major: 2 };

/** A small seeded generator (mulberry32): the same seed gives the same history. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `complaintHistory(contracts, { events, start, days, seed })` → a generator of days: each an
 * array of `{ topic, event }` in event-time order, `events` in all (the last complaints may be
 * unfinished, as open complaints are). `contracts` is `@redress/contracts`, loaded by the caller
 * once the build has run.
 */
export function* complaintHistory(
  contracts,
  { events: total, start = Date.UTC(2025, 11, 1, -8), days = 365, seed = 13 },
) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const between = (lo, hi) => lo + Math.floor(rnd() * (hi - lo));
  const makeTriaged = triagedEvents(contracts);
  const { TOPICS } = contracts;
  const definitions = new Map(
    [
      ...contracts.INTAKE_EVENTS,
      ...contracts.RESOLUTION_EVENTS,
      ...contracts.FOLLOWUP_EVENTS,
      ...contracts.LIFECYCLE_EVENTS,
    ].map((d) => [d.type, d]),
  );
  const perComplaint = 9.6;
  const baseRate = total / perComplaint / days;
  // Three product surges: a batch of one SKU draws several times its usual complaints for a week.
  const surges = [40, 150, 290].map((day, i) => ({
    from: day,
    to: day + 6,
    sku: PRODUCTS[(i * 3 + 1) % PRODUCTS.length].sku,
    batch: `S${day}`,
  }));

  // Pending events by day index, so a day is emitted once no later complaint can add to it.
  const pending = new Map();
  let emitted = 0;
  let planned = 0;
  let n = 0;
  const push = (at, topic, event) => {
    planned += 1;
    const day = Math.floor((at - start) / DAY);
    let list = pending.get(day);
    if (!list) pending.set(day, (list = []));
    list.push({ at, topic, event });
  };
  const envelope = (service, type, complaintId, streamversion, at, data, actor) => {
    const definition = definitions.get(type);
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: `/redress/${service}`,
      type,
      subject: complaintId,
      time: new Date(at).toISOString(),
      datacontenttype: 'application/json',
      schemaversion: definition.schemaVersion,
      streamversion,
      correlationid: complaintId,
      authtype: actor ? 'app_user' : 'system',
      authid: actor ?? service,
      data: definition.complete(data),
    };
    contracts.parseEnvelope(event);
    return event;
  };

  const complaint = (t0, dayIndex) => {
    n += 1;
    const id = randomUUID();
    const iso = (ms) => new Date(ms).toISOString();
    const surge = surges.find((s) => dayIndex >= s.from && dayIndex <= s.to && rnd() < 0.5);
    const problemIndex = surge ? 0 : Math.floor(rnd() * PROBLEMS.length);
    const product = surge ? PRODUCTS.find((p) => p.sku === surge.sku) : pick(PRODUCTS);
    const [subjectType, department, category] = SUBJECT_OF_PROBLEM[problemIndex];
    const english = rnd() < 0.15;
    const problem = PROBLEMS[problemIndex];
    const closing = pick(CLOSINGS);
    const store = pick(STORES);
    const batchNo = surge ? surge.batch : `B${String(between(1, 60)).padStart(3, '0')}`;
    const description = english
      ? `I bought ${product.en} (batch ${batchNo}) from ${store} and ${problem.en}. ${closing.en} You can reach me at [phone masked].`
      : `我在${store}买的${product.zh}（批次号 ${batchNo}），${problem.zh}。${closing.zh}联系电话 [电话已隐藏]。`;
    const region = pick(REGIONS);
    const channel = pick(CHANNEL_MIX);
    const intake = [];
    const local = new Date(t0 + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '');
    const trackingNo = `RD-${local}-${id.slice(0, 8).toUpperCase()}`;
    intake.push([
      t0,
      'ComplaintRegistered',
      {
        complaintId: id,
        trackingNo,
        channel,
        registeredAt: iso(t0),
        receivedAt: iso(t0),
        customer: {
          customerRef: `cus_${id.replaceAll('-', '').slice(0, 26)}`,
          maskedPhone: '138****0000',
          tier: pick(['high', 'medium', 'low', 'medium']),
        },
        subject: {
          type: subjectType,
          ...(subjectType === 'product'
            ? { productSku: product.sku, batchNo, purchaseChannel: store }
            : {}),
        },
        title: english ? `Complaint about ${product.en}` : `${product.zh}投诉`,
        description,
        desiredRemedies: rnd() < 0.6 ? ['refund', 'apology'] : ['explanation'],
        region,
        language: english ? 'en' : 'zh-CN',
      },
    ]);
    const acknowledgedAt = t0 + between(1, 30) * MINUTE;
    intake.push([
      acknowledgedAt,
      'ComplaintAcknowledged',
      {
        complaintId: id,
        trackingNo,
        acknowledgedAt: iso(acknowledgedAt),
        acknowledgeBy: iso(t0 + DAY),
        calendar: 'business',
      },
    ]);
    const triagedAt = t0 + between(1, 20) * MINUTE;
    const triaged = makeTriaged(n, {
      complaintId: id,
      registeredAt: t0,
      triagedAt,
      type: subjectType,
      department,
      category,
      subcategory: undefined,
      deadlines: { respondBy: iso(t0 + 4 * HOUR), resolveBy: iso(t0 + DAY) },
    });
    const severity = triaged.data.severity;
    const resolveBy = t0 + RESOLVE_DAYS[severity] * DAY;
    triaged.data.deadlines.resolveBy = iso(resolveBy);
    delete triaged.data.subcategory;
    triaged.time = iso(triagedAt);
    push(triagedAt, TOPICS.triage, triaged);
    const grading = {
      department,
      severity,
      escalationClass: triaged.data.escalationClass,
      category,
    };

    const resolution = [];
    const followup = [];
    if (rnd() < 0.015) {
      const withdrawnAt = t0 + between(30, 600) * MINUTE;
      intake.push([
        withdrawnAt,
        'ComplaintWithdrawn',
        { complaintId: id, withdrawnAt: iso(withdrawnAt) },
      ]);
    } else {
      const agent = `agent-${between(1, 400)}`;
      const assignedAt = triagedAt + between(5, 240) * MINUTE;
      resolution.push([
        assignedAt,
        'CaseAssigned',
        {
          complaintId: id,
          assignedAt: iso(assignedAt),
          assignedBy: 'dispatcher',
          assignee: agent,
          department,
        },
      ]);
      let at = assignedAt;
      let reopened = false;
      for (let round = 1; round <= 2; round += 1) {
        const contactedAt = at + between(10, 20 * 60) * MINUTE;
        resolution.push([
          contactedAt,
          'CustomerContacted',
          {
            complaintId: id,
            contactedAt: iso(contactedAt),
            contactedBy: agent,
            channel: pick(['phone', 'phone', 'sms', 'wechat', 'email']),
            round,
            firstInRound: true,
          },
        ]);
        const late = rnd() < 0.06;
        const resolvedAt = late
          ? resolveBy + between(1, 48) * HOUR
          : contactedAt +
            between(30, Math.max(31, (resolveBy - contactedAt) / MINUTE - 1)) * MINUTE;
        if (late && round === 1) {
          resolution.push([
            resolveBy,
            'SlaBreached',
            {
              complaintId: id,
              clock: 'resolve',
              round,
              dueAt: iso(resolveBy),
              department,
              breachedAt: iso(resolveBy),
            },
          ]);
        }
        resolution.push([
          resolvedAt,
          'ComplaintResolved',
          { complaintId: id, resolvedAt: iso(resolvedAt), round, resolvedBy: agent, ...grading },
        ]);
        const scheduledAt = resolvedAt + MINUTE;
        followup.push([
          scheduledAt,
          'FollowUpScheduled',
          {
            complaintId: id,
            round,
            scheduledAt: iso(scheduledAt),
            resolvedAt: iso(resolvedAt),
            dueAt: iso(resolvedAt + DAY),
            calendar: 'business',
            maxAttempts: 3,
            ...grading,
          },
        ]);
        const recordedAt = resolvedAt + between(2 * 60, 60 * 60) * MINUTE;
        const unhappy = round === 1 && rnd() < 0.07;
        const satisfaction = unhappy ? between(1, 3) : between(3, 6);
        followup.push([
          recordedAt,
          'SatisfactionRecorded',
          {
            complaintId: id,
            round,
            recordedAt: iso(recordedAt),
            recordedBy: `callback-${between(1, 40)}`,
            satisfaction,
            resolved: !unhappy,
            ratings: {
              efficiency: satisfaction,
              attitude: Math.min(5, satisfaction + 1),
              outcome: satisfaction,
            },
            verdict: unhappy ? 'unsatisfied' : 'satisfied',
            ...grading,
          },
        ]);
        if (unhappy) {
          const reopenedAt = recordedAt + MINUTE;
          followup.push([
            reopenedAt,
            'ComplaintReopened',
            {
              complaintId: id,
              reopenedAt: iso(reopenedAt),
              round,
              satisfaction,
              reason: 'unsatisfied',
            },
          ]);
          at = reopenedAt;
          reopened = true;
          continue;
        }
        const closedAt = recordedAt + MINUTE;
        followup.push([
          closedAt,
          'ComplaintClosed',
          {
            complaintId: id,
            closedAt: iso(closedAt),
            outcome: 'satisfied',
            classification: `${department}/${category}/${severity}`,
            retainUntil: iso(closedAt + 3 * 365 * DAY),
            round,
            department,
          },
        ]);
        if (rnd() < (reopened ? 0.05 : 0.003)) {
          const publishedAt = closedAt + between(1, 7) * DAY;
          followup.push([
            publishedAt,
            'CaseStudyPublished',
            {
              complaintId: id,
              caseStudyId: randomUUID(),
              publishedAt: iso(publishedAt),
              publishedBy: 'quality-office',
              title: english ? `Lessons from a ${product.en} complaint` : `${product.zh}投诉案例`,
              summary: english ? `What went wrong: ${problem.en}.` : `问题：${problem.zh}。`,
              keywords: [product.sku, category],
              language: english ? 'en' : 'zh-CN',
              ...grading,
            },
          ]);
        }
        break;
      }
    }
    const stream = (service, topic, list) =>
      list.forEach(([at, type, data], i) =>
        push(
          at,
          topic,
          envelope(service, type, id, i + 1, at, data, service === 'intake' ? undefined : 'staff'),
        ),
      );
    stream('intake', TOPICS.intake, intake);
    stream('resolution', TOPICS.resolution, resolution);
    stream('follow-up', TOPICS.followup, followup);
  };

  const drain = function* (day) {
    const list = pending.get(day);
    pending.delete(day);
    if (!list) return;
    list.sort((a, b) => a.at - b.at);
    const left = total - emitted;
    const out = list.slice(0, left).map(({ topic, event }) => ({ topic, event }));
    emitted += out.length;
    if (out.length) yield out;
  };

  // Handling ends within about five weeks of registration: a day is complete 40 days later.
  // Complaints are registered until their events make `total`; then what is open is handled on.
  const LAG_DAYS = 40;
  for (let day = 0; ; day += 1) {
    if (planned < total) {
      const weekday = new Date(start + day * DAY + 8 * HOUR).getUTCDay();
      const weekly = weekday === 0 || weekday === 6 ? 0.7 : 1.1;
      const seasonal = 1 + 0.25 * Math.sin((2 * Math.PI * day) / days);
      const count = Math.max(1, Math.round(baseRate * weekly * seasonal * (0.85 + 0.3 * rnd())));
      // Between 08:00 and 22:00 in China.
      for (let i = 0; i < count; i += 1)
        complaint(start + day * DAY + 8 * HOUR + between(0, 14 * 60) * MINUTE, day);
    }
    if (day >= LAG_DAYS) yield* drain(day - LAG_DAYS);
    if (emitted >= total || (planned >= total && pending.size === 0)) return;
  }
}
