import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import request from 'supertest';
import { FixedClock } from '@redress/business-time';
import {
  deadLetterTopic,
  retryTopic,
  TOPICS,
  type CloudEvent,
  type ComplaintTriagedData,
} from '@redress/contracts';
import { deleteTopics, TopicReader, uniqueName, waitFor } from '@redress/testing';
import { TRIAGE_PG_POOL } from '../src/application/tokens';
import { aCustomerRef, envelope, hotTopic, registered, Upstream } from './inbound';
import {
  dataOf,
  of,
  startTriageFromNow,
  sweepFinished,
  tokenFor,
  type RunningTriage,
} from './triage-app';

jest.setTimeout(90_000);

// Monday 23 November 2026, 10:00 in Shanghai: the day of the import.
const clock = new FixedClock('2026-11-23T02:00:00.000Z');
const DAY = 86_400_000;
const group = uniqueName('triage-imported');
const upstream = new Upstream();
const supervisor = tokenFor({ roles: ['supervisor'] });
let triage: RunningTriage | undefined;
let reader: TopicReader;

beforeAll(async () => {
  ({ triage, reader } = await startTriageFromNow(clock, group));
}, 120_000);

afterAll(async () => {
  await triage?.app.close();
  await reader?.stop();
  await upstream.close();
  await deleteTopics([deadLetterTopic(group), retryTopic(group)]);
});

const pool = () => triage!.app.get<Pool>(TRIAGE_PG_POOL);
const http = () => request(triage!.app.getHttpServer());

type Registration = Parameters<typeof registered>[0];

/** A registration by an import today of a complaint received `daysAgo` days before. */
function imported(daysAgo: number, overrides: Partial<Registration> = {}) {
  return registered({
    registeredAt: clock.now().toISOString(),
    receivedAt: new Date(clock.now().getTime() - daysAgo * DAY).toISOString(),
    imported: true,
    customer: { customerRef: aCustomerRef() },
    ...overrides,
  });
}

function live(overrides: Partial<Registration> = {}) {
  return registered({
    registeredAt: clock.now().toISOString(),
    customer: { customerRef: aCustomerRef() },
    ...overrides,
  });
}

/** Publishes registrations one after another, each decided before the next is sent. */
async function triageInTurn(...events: CloudEvent[]): Promise<ComplaintTriagedData[]> {
  const decisions = [];
  for (const event of events) {
    await upstream.publish(TOPICS.intake, [event]);
    const [message] = await reader.waitForMessages(of(event.subject!, 'ComplaintTriaged'));
    decisions.push(dataOf<ComplaintTriagedData>(message!));
  }
  return decisions;
}

/** The event types of each complaint's triage stream, as stored. */
async function streams(ids: string[]): Promise<Record<string, string[]>> {
  const { rows } = await pool().query<{ stream_id: string; type: string }>(
    `SELECT stream_id, type FROM triage.events WHERE stream_id = ANY($1)
      ORDER BY stream_id, stream_version`,
    [ids],
  );
  const byStream: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
  for (const row of rows) byStream[row.stream_id]!.push(row.type);
  return byStream;
}

const onlyTriaged = (ids: string[]) =>
  Object.fromEntries(ids.map((id) => [id, ['ComplaintTriaged']]));

function sku(): { type: 'product'; productSku: string } {
  return { type: 'product', productSku: `SKU-IMPORT-${randomUUID().slice(0, 8)}` };
}

describe('an imported complaint', () => {
  it('is triaged with imported true, deadlines from receipt, no timer and no review request', async () => {
    // Unsure (a live one would be reviewed) and general (a live one would arm both age timers).
    const event = imported(400, { subject: { type: 'other' }, description: '你们看着办吧' });
    const id = event.data.complaintId;
    const [decision] = await triageInTurn(event);

    expect(decision).toMatchObject({
      imported: true,
      needsReview: true,
      escalationClass: 'general',
    });
    expect(decision!.rulesFired.map((r) => r.rule)).not.toContain('escalation:unresolved-30d');
    expect(Date.parse(decision!.deadlines.resolveBy)).toBeLessThan(
      clock.now().getTime() - 300 * DAY,
    );
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    expect(await streams([id])).toEqual(onlyTriaged([id]));

    const timers = await pool().query(
      `SELECT 1 FROM triage.timers WHERE payload->>'complaintId' = $1`,
      [id],
    );
    expect(timers.rowCount).toBe(0);
    const queue = await http()
      .get('/triage/review-queue')
      .query({ limit: 100 })
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(queue.body.items.map((i: { complaintId: string }) => i.complaintId)).not.toContain(id);
    const current = await http()
      .get(`/triage/${id}`)
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(current.body).toMatchObject({ complaintId: id, imported: true });
  });

  it('counts in its cluster by when it was received: a third complainant within 30 days is hot', async () => {
    const subject = sku();
    const events = [100, 95, 90].map((daysAgo) => imported(daysAgo, { subject }));
    const decisions = await triageInTurn(...events);

    expect(decisions.map((d) => d.escalationClass)).toEqual(['general', 'general', 'hot']);
    expect(decisions[2]!.rulesFired.map((r) => r.rule)).toContain('escalation:cluster-3');
    // The first two are history: the cluster reaching the rule escalates neither.
    const ids = events.map((e) => e.data.complaintId);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    expect(await streams(ids)).toEqual(onlyTriaged(ids));
  });

  it('does not count complaints received far apart, though all were registered today', async () => {
    const subject = sku();
    const decisions = await triageInTurn(
      ...[300, 200, 100].map((daysAgo) => imported(daysAgo, { subject })),
    );
    expect(decisions.map((d) => d.escalationClass)).toEqual(['general', 'general', 'general']);
  });

  it('counts for a live complaint received within the window, which is hot, but is not escalated itself', async () => {
    const subject = sku();
    const history = [10, 5].map((daysAgo) => imported(daysAgo, { subject }));
    const [, , now] = await triageInTurn(...history, live({ subject }));

    expect(now).toMatchObject({ escalationClass: 'hot' });
    expect(now!.imported).toBeUndefined();
    const ids = history.map((e) => e.data.complaintId);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    expect(await streams(ids)).toEqual(onlyTriaged(ids));
  });

  it('is not raised by a hot topic that names it, while a live member is', async () => {
    const customer = { customerRef: aCustomerRef() };
    const old = imported(200, { subject: sku(), customer });
    const current = live({ subject: sku(), customer });
    await triageInTurn(old, current);
    const topic = hotTopic({
      topicId: `imported-${randomUUID()}`,
      detectedAt: clock.now().toISOString(),
      subjectType: 'product',
      // A phrase: the topic covers its members only, no other test's complaints.
      kind: 'phrase',
      key: '过期',
      complaintCount: 2,
      members: [old.data.complaintId, current.data.complaintId].sort(),
    });
    await upstream.publish(TOPICS.analytics, [topic]);

    const [escalated] = await reader.waitForMessages(
      of(current.data.complaintId, 'ComplaintEscalated'),
    );
    expect(dataOf(escalated!)).toMatchObject({ to: 'hot' });
    await sweepFinished(triage!, topic.id);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    expect(await streams([old.data.complaintId])).toEqual(onlyTriaged([old.data.complaintId]));
  });

  it('is not a repeat of a complaint its customer had closed after it was received', async () => {
    const customer = { customerRef: aCustomerRef() };
    const subject = sku();
    const closed = live({ subject, customer });
    const id = closed.data.complaintId;
    await triageInTurn(closed);
    await upstream.publish(TOPICS.followup, [
      envelope(
        '/redress/followup',
        'ComplaintClosed',
        id,
        { complaintId: id, closedAt: clock.now().toISOString(), outcome: 'satisfied' },
        5,
      ),
    ]);
    await waitFor(
      async () =>
        (
          await pool().query(
            `SELECT 1 FROM triage.complaints WHERE complaint_id = $1 AND lifecycle = 'closed'`,
            [id],
          )
        ).rowCount === 1,
      { description: 'the closure to be merged' },
    );

    const [before, again] = await triageInTurn(
      imported(60, { subject, customer }),
      live({ subject, customer }),
    );
    expect(before!.rulesFired.map((r) => r.rule)).not.toContain('escalation:repeat-after-closure');
    expect(again!.rulesFired.map((r) => r.rule)).toContain('escalation:repeat-after-closure');
  });

  it('takes an amendment into its facts without a new event, and is not reclassified by a supervisor', async () => {
    const event = imported(30, { subject: sku() });
    const id = event.data.complaintId;
    await triageInTurn(event);
    await upstream.publish(TOPICS.intake, [
      envelope('/redress/intake', 'ComplaintAmended', id, {
        complaintId: id,
        amendedAt: clock.now().toISOString(),
        changes: { flags: { ...event.data.flags, lawsuitFiled: true } },
        changedFields: ['flags'],
      }),
    ]);
    await waitFor(
      async () =>
        (
          await pool().query(
            `SELECT 1 FROM triage.complaints
              WHERE complaint_id = $1 AND (facts->'flags'->>'lawsuitFiled')::boolean`,
            [id],
          )
        ).rowCount === 1,
      { description: 'the amendment to be applied' },
    );
    const answer = await http()
      .post(`/triage/${id}/reclassification`)
      .set('Authorization', `Bearer ${supervisor}`)
      .send({ reason: 'history looks wrong', severity: 'major' })
      .expect(409);
    expect(answer.body.detail).toMatch(/imported/);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    expect(await streams([id])).toEqual(onlyTriaged([id]));
  });
});
