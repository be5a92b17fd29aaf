import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import request from 'supertest';
import { FixedClock } from '@redress/business-time';
import { deadLetterTopic, TOPICS, type CloudEvent } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { KafkaEventTransport } from '@redress/nest-messaging';
import {
  TopicReader,
  createTopics,
  deleteTopics,
  ensureTestInfra,
  startGroupAtEnd,
  uniqueName,
  waitFor,
} from '@redress/testing';
import { ComplaintTriage } from '../src/application/complaint-triage';
import { EscalationTimers } from '../src/application/timers/escalation-timers';
import { TRIAGE_ACTOR } from '../src/application/triage-events';
import { TRIAGE_EVENT_STORE, TRIAGE_PG_POOL } from '../src/application/tokens';
import { SUBSCRIBED_TOPICS } from '../src/messaging/triage-messaging';
import { DEFAULT_TRIAGE_POLICY } from '../src/domain';
import {
  aCustomerRef,
  envelope,
  hotTopic,
  idOnSamePartition,
  registered,
  Upstream,
} from './inbound';
import { dataOf, of, startTriage, tokenFor, typeOf, type RunningTriage } from './triage-app';

jest.setTimeout(60_000);

// Monday 23 November 2026, 10:00 in Shanghai: a working day.
const clock = new FixedClock('2026-11-23T02:00:00.000Z');
const group = uniqueName('triage-test');
const upstream = new Upstream();
let triage: RunningTriage | undefined;
let reader: TopicReader;
let dlqReader: TopicReader | undefined;

const supervisor = tokenFor({ roles: ['supervisor'] });
const admin = tokenFor({ roles: ['admin'] });
const qualityAgent = tokenFor({ roles: ['agent'], department: 'quality' });
const logisticsAgent = tokenFor({ roles: ['agent'], department: 'logistics' });

async function start(): Promise<RunningTriage> {
  triage = await startTriage({ clock, env: { TRIAGE_CONSUMER_GROUP: group } });
  return triage;
}

async function stop(): Promise<void> {
  await triage?.app.close();
  triage = undefined;
}

beforeAll(async () => {
  await ensureTestInfra();
  await createTopics([...SUBSCRIBED_TOPICS, TOPICS.triage], { partitions: 3 });
  // This test's consumer group reads only what this test publishes.
  await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
  reader = await TopicReader.start(TOPICS.triage, { startAt: 'end' });
  await start();
}, 120_000);

afterAll(async () => {
  await stop();
  await reader?.stop();
  await dlqReader?.stop();
  await upstream.close();
  await deleteTopics([deadLetterTopic(group)]);
});

const http = () => request(triage!.app.getHttpServer());
const pool = () => triage!.app.get<Pool>(TRIAGE_PG_POOL);

function register(
  overrides: Parameters<typeof registered>[0] extends infer O ? Partial<O> : never = {},
) {
  return registered({ registeredAt: clock.now().toISOString(), ...overrides });
}

/** Intake's amendment of a registered complaint: the customer has now filed a lawsuit. */
function lawsuitFiled(event: ReturnType<typeof register>): CloudEvent {
  const id = event.data.complaintId;
  return envelope('/redress/intake', 'ComplaintAmended', id, {
    complaintId: id,
    amendedAt: clock.now().toISOString(),
    changes: { flags: { ...event.data.flags, lawsuitFiled: true } },
    changedFields: ['flags'],
  });
}

async function publishIntake(...events: CloudEvent[]): Promise<void> {
  await upstream.publish(TOPICS.intake, events);
}

describe('triaging what intake registers', () => {
  it('publishes one ComplaintTriaged with the rules that fired, and serves it by id within scope', async () => {
    const event = register({ description: '酸奶包装破损，里面有一只苍蝇' });
    const id = event.data.complaintId;
    await publishIntake(event);

    const [triaged] = await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    const decision = dataOf<{
      type: string;
      department: string;
      severity: string;
      escalationClass: string;
      rulesFired: { rule: string; reason: string }[];
      policyVersion: number;
      deadlines: { resolveBy: string };
    }>(triaged!);
    expect(triaged!.json).toMatchObject({
      source: '/redress/triage',
      subject: id,
      causationid: event.id,
    });
    expect(decision).toMatchObject({
      type: 'product',
      department: 'quality',
      escalationClass: 'general',
    });
    expect(decision.rulesFired.length).toBeGreaterThan(0);
    expect(decision.rulesFired.every((r) => r.rule && r.reason)).toBe(true);
    expect(Date.parse(decision.deadlines.resolveBy)).toBeGreaterThan(clock.now().getTime());

    const res = await http()
      .get(`/triage/${id}`)
      .set('Authorization', `Bearer ${qualityAgent}`)
      .expect(200);
    expect(res.body).toMatchObject({ complaintId: id, policyVersion: decision.policyVersion });
    await http().get(`/triage/${id}`).set('Authorization', `Bearer ${logisticsAgent}`).expect(403);
    await http()
      .get(`/triage/${randomUUID()}`)
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(404);
    await http().get('/triage/not-a-uuid').set('Authorization', `Bearer ${supervisor}`).expect(400);
    await http().get(`/triage/${id}`).expect(401);
  });

  it('changes nothing when the same registration is delivered again', async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    const acknowledged = envelope('/redress/intake', 'ComplaintAcknowledged', id, {
      complaintId: id,
      trackingNo: event.data.trackingNo,
      acknowledgedAt: clock.now().toISOString(),
      acknowledgeBy: clock.now().toISOString(),
      calendar: 'business',
    });
    await publishIntake(event, acknowledged, event);
    // Events of one complaint are handled in order: once this amendment shows, the
    // redeliveries and the acknowledgement before it were handled.
    await publishIntake(lawsuitFiled(event));
    await reader.waitForMessages(of(id, 'ComplaintEscalated'));
    await triage!.messaging.drain({ timeoutMs: 10_000 });

    const { rows } = await pool().query(
      `SELECT type FROM triage.events WHERE stream_id = $1 ORDER BY stream_version`,
      [id],
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual([
      'ComplaintTriaged',
      'ComplaintEscalated',
    ]);
    expect(reader.messages.filter(of(id, 'ComplaintTriaged'))).toHaveLength(1);
    // The acknowledgement changes nothing in triage: not even a ledger row.
    const ledger = await pool().query(
      'SELECT count(*)::int AS n FROM triage.processed_events WHERE event_id = $1',
      [acknowledged.id],
    );
    expect(ledger.rows[0].n).toBe(0);
  });

  it('dead-letters an event it cannot read and goes on with the partition', async () => {
    dlqReader = await TopicReader.start(deadLetterTopic(group), { topicTimeoutMs: 30_000 });
    const broken = register();
    const complaintId = broken.data.complaintId;
    (broken.data as { complainantCount: number }).complainantCount = 0; // invalid: at least 1
    // On the same partition: the next event waits behind the broken one.
    const next = register({ complaintId: idOnSamePartition(complaintId) });
    await publishIntake(broken, next);

    const [dead] = await dlqReader.waitForMessages((m) => m.key === complaintId);
    expect(dead!.headers['x-dlq-error']).toMatch(/complainantCount/);
    expect(dead!.headers['x-dlq-original-topic']).toBe(TOPICS.intake);
    await reader.waitForMessages(of(next.data.complaintId, 'ComplaintTriaged'));
    expect(reader.messages.filter(of(complaintId))).toHaveLength(0);
    expect(dlqReader.messages.filter((m) => m.key === complaintId)).toHaveLength(1);
  });

  it('asks a person to review a complaint it cannot classify, and lists it in the review queue', async () => {
    const event = register({ subject: { type: 'other' }, description: '你们看着办吧' });
    const id = event.data.complaintId;
    await publishIntake(event);
    const [review] = await reader.waitForMessages(of(id, 'TriageReviewRequested'));
    expect(dataOf<{ confidence: number; threshold: number }>(review!).confidence).toBeLessThan(
      dataOf<{ threshold: number }>(review!).threshold,
    );

    const queue = await http()
      .get('/triage/review-queue')
      .query({ limit: 100 })
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(queue.body.items.map((i: { complaintId: string }) => i.complaintId)).toContain(id);
    await http()
      .get('/triage/review-queue')
      .query({ cursor: 'garbage' })
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(400);

    // The supervisor finds the decision right: a reason and no change confirm it.
    const before = await http()
      .get(`/triage/${id}`)
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(200);
    const confirmed = await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${supervisor}`)
      .send({ reason: '复核后维持原分类' })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      needsReview: false,
      category: before.body.category,
      severity: before.body.severity,
      department: before.body.department,
    });
    const [confirmation] = await reader.waitForMessages(of(id, 'ComplaintReclassified'));
    expect((confirmation!.json as { schemaversion: number }).schemaversion).toBe(2);
    expect(dataOf(confirmation!)).toMatchObject({
      changedFields: [],
      needsReview: false,
      reason: '复核后维持原分类',
    });
    const after = await http()
      .get('/triage/review-queue')
      .query({ limit: 100 })
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(after.body.items.map((i: { complaintId: string }) => i.complaintId)).not.toContain(id);
    // Reviewed once, there is nothing left to confirm.
    const again = await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${supervisor}`)
      .send({ reason: 'still right' })
      .expect(422);
    expect(again.body.errors.map((e: { field: string }) => e.field)).toEqual(['body']);
  });
});

describe('re-escalation as the facts change', () => {
  it('treats a complaint closed as unreachable as closed: the same subject again is a repeat', async () => {
    // Follow-up closes a complaint whose customer could not be reached (issue 12): for the
    // "repeat after closure" rule it is closed like any other (README, decision on closures).
    const first = register({
      subject: { type: 'product', productSku: `SKU-REPEAT-${randomUUID().slice(0, 6)}` },
    });
    const id = first.data.complaintId;
    await publishIntake(first);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    await upstream.publish(TOPICS.followup, [
      envelope(
        '/redress/followup',
        'ComplaintClosed',
        id,
        {
          complaintId: id,
          closedAt: clock.now().toISOString(),
          outcome: 'unreachable',
          needsReview: true,
        },
        5,
      ),
    ]);
    await waitFor(
      async () =>
        (
          await pool().query<{ lifecycle: string }>(
            'SELECT lifecycle FROM triage.complaints WHERE complaint_id = $1',
            [id],
          )
        ).rows[0]?.lifecycle === 'closed',
      { description: 'the closure to be merged' },
    );
    const again = register({ subject: first.data.subject, customer: first.data.customer });
    await publishIntake(again);
    const [triaged] = await reader.waitForMessages(of(again.data.complaintId, 'ComplaintTriaged'));
    expect(dataOf<{ escalationClass: string }>(triaged!).escalationClass).toBe('important');
    expect(JSON.stringify(dataOf(triaged!))).toContain('repeat-after-closure');
  });

  it('makes all complaints hot when a third different complainant reports the same product', async () => {
    const sku = `SKU-CLUSTER-${randomUUID().slice(0, 6)}`;
    const events = [1, 2, 3].map(() =>
      register({
        subject: { type: 'product', productSku: sku },
        customer: { customerRef: aCustomerRef() },
      }),
    );
    // The same customer twice more does not count as more complainants.
    const repeatCustomer = events[0]!.data.customer.customerRef;
    const sameCustomer = register({
      subject: { type: 'product', productSku: sku },
      customer: { customerRef: repeatCustomer },
    });
    await publishIntake(events[0]!, events[1]!, sameCustomer);
    // Complaints are decided side by side: wait for all three.
    for (const early of [events[0]!, events[1]!, sameCustomer]) {
      await reader.waitForMessages(of(early.data.complaintId, 'ComplaintTriaged'));
    }
    expect(
      reader.messages.filter(
        (m) => typeOf(m) === 'ComplaintEscalated' && m.key === events[0]!.data.complaintId,
      ),
    ).toHaveLength(0);

    await publishIntake(events[2]!);
    const [third] = await reader.waitForMessages(
      of(events[2]!.data.complaintId, 'ComplaintTriaged'),
    );
    expect(dataOf<{ escalationClass: string }>(third!).escalationClass).toBe('hot');
    for (const earlier of [events[0]!, events[1]!, sameCustomer]) {
      const [escalated] = await reader.waitForMessages(
        of(earlier.data.complaintId, 'ComplaintEscalated'),
      );
      expect(dataOf(escalated!)).toMatchObject({ from: 'general', to: 'hot' });
      expect(JSON.stringify(dataOf(escalated!))).toContain('cluster');
    }
  });

  it('counts the cluster whatever order the complaints are decided in', async () => {
    // Decided newest first: the complaint registered first is decided last and still sees the
    // two registered after it, so all three become hot.
    const sku = `SKU-LATE-${randomUUID().slice(0, 6)}`;
    const at = clock.now().getTime();
    const [first, second, third] = [-2, -1, 0].map((hours) =>
      register({
        subject: { type: 'product', productSku: sku },
        customer: { customerRef: aCustomerRef() },
        registeredAt: new Date(at + hours * 3_600_000).toISOString(),
      }),
    );
    await publishIntake(third!);
    await reader.waitForMessages(of(third!.data.complaintId, 'ComplaintTriaged'));
    await publishIntake(second!);
    await reader.waitForMessages(of(second!.data.complaintId, 'ComplaintTriaged'));
    await publishIntake(first!);

    const [triaged] = await reader.waitForMessages(of(first!.data.complaintId, 'ComplaintTriaged'));
    expect(dataOf<{ escalationClass: string }>(triaged!).escalationClass).toBe('hot');
    for (const later of [second!, third!]) {
      const [escalated] = await reader.waitForMessages(
        of(later.data.complaintId, 'ComplaintEscalated'),
      );
      expect(dataOf(escalated!)).toMatchObject({ from: 'general', to: 'hot' });
    }
  });

  it('escalates an amended complaint that now reports a lawsuit, naming who approves', async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    await publishIntake(lawsuitFiled(event));
    const [escalated] = await reader.waitForMessages(of(id, 'ComplaintEscalated'));
    expect(dataOf(escalated!)).toMatchObject({
      from: 'general',
      to: 'major',
      reportToHeadquarters: true,
    });
    expect(dataOf<{ approver: string }>(escalated!).approver).toMatch(/committee/i);
  });

  it('raises open complaints of an active hot topic to hot', async () => {
    const sku = `SKU-HOT-${randomUUID().slice(0, 6)}`;
    const event = register({ subject: { type: 'product', productSku: sku } });
    await publishIntake(event);
    await reader.waitForMessages(of(event.data.complaintId, 'ComplaintTriaged'));
    await upstream.publish(TOPICS.analytics, [
      hotTopic({
        topicId: `topic-${sku}`,
        detectedAt: clock.now().toISOString(),
        subjectType: 'product',
        productSku: sku,
        complaintCount: 12,
      }),
    ]);
    const [escalated] = await reader.waitForMessages(
      of(event.data.complaintId, 'ComplaintEscalated'),
    );
    expect(dataOf(escalated!)).toMatchObject({ to: 'hot' });
  });
});

describe('people', () => {
  it('lets a supervisor reclassify with a reason, and refuses without one or without the role', async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));

    const noReason = await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${supervisor}`)
      .send({ department: 'logistics' })
      .expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${qualityAgent}`)
      .send({ department: 'logistics', reason: 'x' })
      .expect(403);
    const unknownCategory = await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${supervisor}`)
      .send({ category: 'astrology', reason: 'typo' })
      .expect(400);
    expect(unknownCategory.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'category',
    ]);

    const res = await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${supervisor}`)
      .send({ severity: 'serious', department: 'logistics', reason: 'the carrier crushed the box' })
      .expect(200);
    expect(res.body).toMatchObject({ severity: 'serious', department: 'logistics' });
    const [reclassified] = await reader.waitForMessages(of(id, 'ComplaintReclassified'));
    expect(dataOf(reclassified!)).toMatchObject({
      by: { kind: 'supervisor' },
      reason: 'the carrier crushed the box',
      after: { department: 'logistics', severity: 'serious' },
    });
  });

  it('answers a reclassification repeated with the same Idempotency-Key once, 422 for another body', async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    const key: string = randomUUID();
    const body = { severity: 'serious', reason: 'the carrier crushed the box' };
    const send = (sent: object, idempotencyKey = key) =>
      http()
        .post(`/triage/${id}/reclassification`)
        .set('Authorization', `Bearer ${supervisor}`)
        .set('Idempotency-Key', idempotencyKey)
        .send(sent);

    const first = await send(body).expect(200);
    const again = await send(body).expect(200);
    expect(again.body).toEqual(first.body);
    const other = await send({ ...body, reason: 'another reason' }).expect(422);
    expect(other.body.detail).toMatch(/Idempotency-Key/);
    const badKey = await send(body, 'two words').expect(400);
    expect(badKey.body.errors.map((e: { field: string }) => e.field)).toEqual(['Idempotency-Key']);

    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM triage.events
        WHERE stream_id = $1 AND type = 'ComplaintReclassified'`,
      [id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('versions the policy: a bad one is refused naming its path, a good one applies from then on', async () => {
    const current = await http()
      .get('/triage/policy')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const version = current.body.version as number;

    const bad = structuredClone(current.body.policy);
    bad.classification.confidenceThreshold = 7;
    const refused = await http()
      .put('/triage/policy')
      .set('Authorization', `Bearer ${admin}`)
      .send(bad)
      .expect(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(
      'classification.confidenceThreshold',
    );
    await http()
      .put('/triage/policy')
      .set('Authorization', `Bearer ${supervisor}`)
      .send(current.body.policy)
      .expect(403);

    const changed = structuredClone(current.body.policy);
    changed.routing.types.product = 'rnd';
    const key = randomUUID();
    const put = () =>
      http()
        .put('/triage/policy')
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', key)
        .send(changed)
        .expect(200);
    const saved = await put();
    expect(saved.body.version).toBe(version + 1);
    // A retry of the same change (same key and body) stores no second version.
    expect((await put()).body).toEqual(saved.body);
    const inForce = await http()
      .get('/triage/policy')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(inForce.body.version).toBe(version + 1);
    try {
      const [policyChanged] = await reader.waitForMessages(
        (m) =>
          typeOf(m) === 'TriagePolicyChanged' &&
          dataOf<{ version: number }>(m).version === version + 1,
      );
      expect(dataOf<{ summary: string[] }>(policyChanged!).summary.join(' ')).toContain('rnd');

      const event = register();
      await publishIntake(event);
      const [triaged] = await reader.waitForMessages(
        of(event.data.complaintId, 'ComplaintTriaged'),
      );
      expect(dataOf(triaged!)).toMatchObject({ department: 'rnd', policyVersion: version + 1 });
    } finally {
      await http()
        .put('/triage/policy')
        .set('Authorization', `Bearer ${admin}`)
        .send(DEFAULT_TRIAGE_POLICY)
        .expect(200);
    }
  });
});

describe('locks', () => {
  it("re-assesses under the cluster's lock before it locks the complaint's row, as a registration does", async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    const {
      rows: [row],
    } = await pool().query<{ cluster_key: string }>(
      'SELECT cluster_key FROM triage.complaints WHERE complaint_id = $1',
      [id],
    );

    // Another transaction holds the cluster, as a registration escalating it would.
    const holder = await pool().connect();
    const prober = await pool().connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        row!.cluster_key,
      ]);
      const store = triage!.app.get<EventStore>(TRIAGE_EVENT_STORE);
      const reassessing = store.transaction((tx) =>
        triage!.app
          .get(ComplaintTriage)
          .reassessComplaint(tx, id, { actor: TRIAGE_ACTOR, correlationId: randomUUID() }),
      );
      await waitFor(
        async () =>
          (
            await prober.query(
              `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                AND pid <> pg_backend_pid()`,
            )
          ).rowCount === 1,
        { description: 'the re-assessment to wait for the cluster lock' },
      );
      // While it waits, it holds no lock on the complaint's row.
      await prober.query('BEGIN');
      await expect(
        prober.query('SELECT 1 FROM triage.complaints WHERE complaint_id = $1 FOR UPDATE NOWAIT', [
          id,
        ]),
      ).resolves.toMatchObject({ rowCount: 1 });
      await prober.query('ROLLBACK');

      await holder.query('ROLLBACK');
      await expect(reassessing).resolves.toMatchObject({ complaintId: id });
    } finally {
      await holder.query('ROLLBACK');
      await prober.query('ROLLBACK');
      holder.release();
      prober.release();
    }
  });
});

describe('time', () => {
  it('escalates an unresolved complaint after 7 days exactly once, across a restart', async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    await triage!.messaging.drain({ timeoutMs: 10_000 });

    // Down while the timer falls due; the week passes.
    await stop();
    clock.advance({ days: 7, minutes: 1 });
    await start();
    const [escalated] = await reader.waitForMessages(of(id, 'ComplaintEscalated'), 1, 30_000);
    expect(dataOf(escalated!)).toMatchObject({ from: 'general', to: 'hot' });
    expect(JSON.stringify(dataOf(escalated!))).toContain('unresolved-7d');

    // Restarted again: the fired timer stays fired.
    await stop();
    clock.advance({ minutes: 5 });
    await start();
    expect(await triage!.app.get(EscalationTimers).fireDue()).toBe(0);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    await waitFor(() => reader.messages.filter(of(id, 'ComplaintEscalated')).length === 1, {
      description: 'exactly one escalation',
    });
    expect(reader.messages.filter(of(id, 'ComplaintEscalated'))).toHaveLength(1);
  });

  it('does not escalate by age a complaint that was resolved', async () => {
    const event = register();
    const id = event.data.complaintId;
    await publishIntake(event);
    await reader.waitForMessages(of(id, 'ComplaintTriaged'));
    await upstream.publish(TOPICS.resolution, [
      envelope('/redress/resolution', 'ComplaintResolved', id, {
        complaintId: id,
        resolvedAt: clock.now().toISOString(),
      }),
    ]);
    await waitFor(
      async () =>
        (
          await pool().query(`SELECT lifecycle FROM triage.complaints WHERE complaint_id = $1`, [
            id,
          ])
        ).rows[0]?.lifecycle === 'resolved',
      { description: 'the resolution to be recorded' },
    );
    clock.advance({ days: 8 });
    await triage!.app.get(EscalationTimers).fireDue();
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM triage.timers
        WHERE kind = 'triage.escalation' AND payload->>'complaintId' = $1 AND due_at <= $2`,
      [id, clock.now()],
    );
    expect(rows[0].n).toBe(0);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    expect(reader.messages.filter(of(id, 'ComplaintEscalated'))).toHaveLength(0);
  });
});

describe('readiness', () => {
  it('is ready while its consumer runs, and names the consumer once it has stopped', async () => {
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      kafka: { status: 'up' },
      consumer: { status: 'up' },
    });

    await triage!.app.get(KafkaEventTransport).close();

    const notReady = await http().get('/health/ready').expect(503);
    expect(notReady.body.failing).toEqual(['consumer']);
    // Last in the file, so nothing after it needs the consumer; afterAll closes the app.
  });
});
