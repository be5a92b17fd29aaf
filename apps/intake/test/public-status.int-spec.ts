import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import request from 'supertest';
import { deadLetterTopic, TOPICS } from '@redress/contracts';
import { publishEvents, TopicReader, waitForGroupCaughtUp } from '@redress/testing';
import { INTAKE_PG_POOL } from '../src/application/tokens';
import { PUBLIC_STAGES } from '../src/domain/public-stage.policy';
import type { IntakeConfig } from '../src/intake.config';
import { SUBSCRIBED_TOPICS } from '../src/messaging/intake-messaging';
import { aComplaint, FixedClock, startIntake, tokenFor } from './intake-app';
import { AGENT, CaseOf, deadlinesReissued, FollowUpOf } from './lifecycle-events';
import { triaged } from './triage-events';

jest.setTimeout(120_000);

/**
 * Issue 11 item 7: the customer sees progress. Intake runs with real Kafka and Postgres; the
 * lifecycle events of triage, resolution and follow-up are published on their (namespaced)
 * topics with a plain producer, as those services would, and the public status page is read
 * after each step, in Chinese and in English. Intake's clock is fixed (Monday 23 November 2026,
 * 10:00 in Shanghai) and moved by the test, so "the next date still ahead" is known.
 */

const agent = tokenFor({ roles: ['agent'], department: 'customer-service' });
const clock = new FixedClock('2026-11-23T02:00:00.000Z');

let app: INestApplication;
let config: IntakeConfig;
let deadLetters: TopicReader;

beforeAll(async () => {
  ({ app, config } = await startIntake({
    clock,
    // The page is read at every step; its rate limits have tests of their own.
    env: { INTAKE_STATUS_LIMIT_PER_NUMBER: '100000', INTAKE_STATUS_LIMIT_PER_CLIENT: '100000' },
  }));
  deadLetters = await TopicReader.start(deadLetterTopic(config.INTAKE_CONSUMER_GROUP), {
    topicTimeoutMs: 30_000,
  });
});

afterAll(async () => {
  await deadLetters?.stop();
  await app?.close();
});

const http = () => request(app.getHttpServer());

async function register(overrides: Record<string, unknown> = {}) {
  const { body } = await http()
    .post('/complaints')
    .set('Authorization', `Bearer ${agent}`)
    .send(aComplaint(overrides))
    .expect(201);
  return body as {
    complaintId: string;
    trackingNo: string;
    accessCode: string;
    registeredAt: string;
  };
}

type Complaint = Awaited<ReturnType<typeof register>>;

function status(complaint: Complaint, acceptLanguage?: string) {
  const req = http()
    .get(`/public/complaints/${complaint.trackingNo}`)
    .set('X-Access-Code', complaint.accessCode);
  if (acceptLanguage !== undefined) req.set('Accept-Language', acceptLanguage);
  return req.expect(200);
}

/** Publishes events as their services would, and waits until intake has handled them all. */
async function publish(topic: string, events: Array<{ subject: string }>): Promise<void> {
  await publishEvents(topic, events);
  await waitForGroupCaughtUp(config.INTAKE_CONSUMER_GROUP, [...SUBSCRIBED_TOPICS]);
}

/** The page in both languages; they must agree on everything but the words. */
async function page(complaint: Complaint) {
  const zh = await status(complaint, 'zh-CN,zh;q=0.9,en;q=0.8');
  const en = await status(complaint, 'en-GB,en;q=0.9');
  expect(zh.headers['content-language']).toBe('zh');
  expect(en.headers['content-language']).toBe('en');
  const {
    message: zhMessage,
    language: zhLanguage,
    ...zhRest
  } = zh.body as Record<string, unknown>;
  const {
    message: enMessage,
    language: enLanguage,
    ...enRest
  } = en.body as Record<string, unknown>;
  expect(zhRest).toEqual(enRest);
  expect([zhLanguage, enLanguage]).toEqual(['zh', 'en']);
  return { ...enRest, zh: zhMessage, en: enMessage };
}

const at = (iso: string) => `2026-11-${iso}:00.000Z`;

describe('the public status follows the complaint through triage, resolution and follow-up', () => {
  it('shows each stage, the next date promised and a sentence in Chinese or English', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const complaint = await register({ language: 'zh-CN' });
    const id = complaint.complaintId;
    const handling = new CaseOf(id);
    const followUp = new FollowUpOf(id);

    // Registered: no promise yet; the complaint's language is the default.
    const registered = await status(complaint);
    expect(registered.body).toMatchObject({
      status: 'registered',
      stage: 'registered',
      stageChangedAt: complaint.registeredAt,
      language: 'zh',
      message: '您的投诉已登记，正在转交负责处理的团队。',
    });
    expect(registered.body).not.toHaveProperty('promisedBy');
    expect(registered.headers['vary']).toMatch(/Accept-Language/);

    // Triaged: the response target is promised (14:00 in Shanghai).
    await publish(TOPICS.triage, [
      triaged(id, 'quality', 1, {
        triagedAt: at('23T02:05'),
        deadlines: { respondBy: at('23T06:00'), resolveBy: at('25T10:00') },
      }),
    ]);
    expect(await page(complaint)).toMatchObject({
      status: 'registered',
      stage: 'triaged',
      stageChangedAt: at('23T02:05'),
      promisedBy: at('23T06:00'),
      lastUpdatedAt: at('23T02:05'),
      zh: '您的投诉已受理。我们将于2026年11月23日 14:00（UTC+08:00）前联系您。',
      en: 'Your complaint has been accepted for handling. We will contact you by 23 November 2026, 14:00 (UTC+08:00).',
    });

    // Assigned and contacted: now the resolution target is what is promised.
    clock.set(at('23T03:40'));
    await publish(TOPICS.resolution, [
      handling.assigned(at('23T03:00')),
      handling.contacted(at('23T03:30'), { firstInRound: true }),
    ]);
    expect(await page(complaint)).toMatchObject({
      stage: 'in_progress',
      stageChangedAt: at('23T03:30'),
      promisedBy: at('25T10:00'),
      zh: '我们正在处理您的投诉。我们将于2026年11月25日 18:00（UTC+08:00）前为您处理完毕。',
      en: 'We are working on your complaint. We will resolve your complaint by 25 November 2026, 18:00 (UTC+08:00).',
    });

    // The approved plan is put to the customer; an older investigation arriving after it, and a
    // further call meanwhile, do not hide it.
    const investigation = handling.investigated(at('23T04:00'));
    const offer = handling.contacted(at('23T05:00'), { plan: true });
    const reminder = handling.contacted(at('23T05:30'));
    await publish(TOPICS.resolution, [offer, investigation, reminder]);
    expect(await page(complaint)).toMatchObject({
      stage: 'plan_offered',
      stageChangedAt: at('23T05:00'),
      promisedBy: at('25T10:00'),
      zh: '我们已向您提出解决方案，请告诉我们您的选择。我们将于2026年11月25日 18:00（UTC+08:00）前为您处理完毕。',
      en: 'We have offered you a solution; please let us know your choice. We will resolve your complaint by 25 November 2026, 18:00 (UTC+08:00).',
    });

    // Accepted and carried out.
    await publish(TOPICS.resolution, [
      handling.accepted(at('23T06:00')),
      handling.scheduled(at('23T06:05'), at('24T06:00')),
    ]);
    expect(await page(complaint)).toMatchObject({
      stage: 'in_progress',
      stageChangedAt: at('23T06:05'),
      promisedBy: at('25T10:00'),
    });
    const completed = handling.completed(at('23T07:00'));
    await publish(TOPICS.resolution, [completed, handling.resolved(at('23T08:00'))]);
    const resolved = await page(complaint);
    expect(resolved).toMatchObject({
      stage: 'resolved',
      stageChangedAt: at('23T08:00'),
      zh: '您的投诉已处理完毕。如仍有问题，请与我们联系。',
      en: 'Your complaint has been resolved. If anything is still wrong, please contact us.',
    });
    expect(resolved).not.toHaveProperty('promisedBy');

    // Reopened by follow-up: the first round's dates promise nothing for the second …
    clock.set(at('24T01:10'));
    const reopening = followUp.reopened(at('24T01:00'));
    await publish(TOPICS.followup, [reopening]);
    const reopened = await page(complaint);
    expect(reopened).toMatchObject({
      stage: 'reopened',
      stageChangedAt: at('24T01:00'),
      zh: '您的投诉已重新打开，我们将再次处理。',
      en: 'Your complaint has been reopened and will be handled again.',
    });
    expect(reopened).not.toHaveProperty('promisedBy');

    // … until triage reissues the deadlines; a redelivered reopening and a late event of the
    // first round change nothing.
    await publish(TOPICS.triage, [
      deadlinesReissued(
        id,
        at('24T01:00'),
        { respondBy: at('24T03:00'), resolveBy: at('26T10:00') },
        2,
      ),
    ]);
    await publish(TOPICS.followup, [reopening]);
    await publish(TOPICS.resolution, [completed, handling.investigated(at('23T07:30'))]);
    expect(await page(complaint)).toMatchObject({
      stage: 'reopened',
      stageChangedAt: at('24T01:00'),
      promisedBy: at('24T03:00'),
      en: 'Your complaint has been reopened and will be handled again. We will contact you by 24 November 2026, 11:00 (UTC+08:00).',
    });

    // The respondBy passes without a contact: the resolution target is next …
    clock.set(at('24T03:00'));
    expect(await page(complaint)).toMatchObject({ stage: 'reopened', promisedBy: at('26T10:00') });
    // … and once that has passed too, the page apologises instead of showing a past date.
    clock.set(at('26T10:01'));
    const overdue = await page(complaint);
    expect(overdue).not.toHaveProperty('promisedBy');
    expect(overdue['en']).toBe(
      'Your complaint has been reopened and will be handled again. This is taking longer than we promised. We apologise and will be in touch as soon as we can.',
    );

    // Closed; a case event timed after the closure does not undo it.
    await publish(TOPICS.followup, [followUp.closed(at('26T11:00'))]);
    await publish(TOPICS.resolution, [handling.assigned(at('26T12:00'))]);
    const closed = await page(complaint);
    expect(closed).toMatchObject({
      status: 'registered',
      stage: 'closed',
      stageChangedAt: at('26T11:00'),
      zh: '您的投诉已结案。如有新的问题，欢迎再次与我们联系。',
      en: 'Your complaint is closed. If anything new comes up, please contact us again.',
    });
    expect(closed).not.toHaveProperty('promisedBy');

    // The POST form answers the same page.
    const byBody = await http()
      .post(`/public/complaints/${complaint.trackingNo}/status`)
      .set('Accept-Language', 'en')
      .send({ accessCode: complaint.accessCode })
      .expect(200);
    expect(byBody.headers['content-language']).toBe('en');
    expect(byBody.body).toMatchObject({ stage: 'closed', message: closed['en'] });

    // Nothing internal reaches the page: no staff, department, remedy, amount or customer.
    const everything = JSON.stringify([registered.body, resolved, reopened, overdue, closed]);
    for (const internal of [AGENT, 'quality', 'finance', 'logistics', 'refund', '268.00', '张三']) {
      expect(everything).not.toContain(internal);
    }
    expect(deadLetters.messages).toHaveLength(0);
  });

  it('keeps the stage in a table of its own, recorded once per event', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const complaint = await register();
    const handling = new CaseOf(complaint.complaintId);
    const assigned = handling.assigned(at('23T03:00'));
    await publish(TOPICS.resolution, [assigned, assigned]);
    const { rows } = await app
      .get<Pool>(INTAKE_PG_POOL)
      .query(
        `SELECT stage, stage_changed_at, progress FROM intake.complaint_progress WHERE complaint_id = $1`,
        [complaint.complaintId],
      );
    expect(rows).toEqual([
      {
        stage: 'in_progress',
        stage_changed_at: new Date(at('23T03:00')),
        progress: { work: expect.objectContaining({ stage: 'in_progress', eventId: assigned.id }) },
      },
    ]);
    const { rows: ledger } = await app
      .get<Pool>(INTAKE_PG_POOL)
      .query(`SELECT consumer FROM intake.processed_events WHERE event_id = $1`, [assigned.id]);
    expect(ledger).toEqual([{ consumer: 'intake-progress' }]);
  });

  it('shows a withdrawal at once and for good, in the language asked for or the complaint’s', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const complaint = await register({ language: 'zh-CN' });
    const handling = new CaseOf(complaint.complaintId);
    await publish(TOPICS.resolution, [handling.assigned(at('23T02:30'))]);
    clock.set(at('23T03:00'));
    await http()
      .post(`/complaints/${complaint.complaintId}/withdrawal`)
      .set('Authorization', `Bearer ${agent}`)
      .send({ reason: '问题已自行解决' })
      .expect(200);
    // Resolution has not heard of the withdrawal yet and goes on working.
    await publish(TOPICS.resolution, [handling.contacted(at('23T04:00'), { firstInRound: true })]);
    const withdrawn = await status(complaint);
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      stage: 'withdrawn',
      stageChangedAt: at('23T03:00'),
      lastUpdatedAt: at('23T03:00'),
      language: 'zh',
      message: '您已撤回此投诉。',
    });
    expect(withdrawn.body).not.toHaveProperty('promisedBy');
    const inEnglish = await status(complaint, 'en-US, zh;q=0.5');
    expect(inEnglish.body).toMatchObject({
      language: 'en',
      message: 'You have withdrawn this complaint.',
    });
    // A language the page does not speak: the complaint's; without one, English.
    expect((await status(complaint, 'fr-FR')).body.language).toBe('zh');
    const noLanguage = await register();
    expect((await status(noLanguage, 'ja')).body.language).toBe('en');
  });

  it('documents the stage, the promise, the message and Accept-Language in the OpenAPI document', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: unknown[] }>>;
      components: {
        schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }>;
      };
    };
    for (const [path, method] of [
      ['/public/complaints/{trackingNo}', 'get'],
      ['/public/complaints/{trackingNo}/status', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'Accept-Language', in: 'header', required: false }),
        ]),
      );
    }
    const document = doc.components.schemas['PublicStatusDocument'];
    expect(document?.properties).toMatchObject({
      stage: { enum: [...PUBLIC_STAGES] },
      stageChangedAt: { format: 'date-time' },
      promisedBy: { format: 'date-time' },
      language: { enum: ['zh', 'en'] },
      message: { type: 'string' },
    });
    expect(document?.required).toEqual(
      expect.arrayContaining(['status', 'stage', 'stageChangedAt', 'language', 'message']),
    );
    expect(document?.required).not.toContain('promisedBy');
  });

  it('dead-letters a lifecycle event that breaks the contract and leaves the page as it was', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const complaint = await register();
    const handling = new CaseOf(complaint.complaintId);
    const valid = handling.resolved(at('23T08:00'));
    const broken = { ...valid, id: randomUUID(), data: { ...valid.data, resolvedAt: 'yesterday' } };
    await publishEvents(TOPICS.resolution, [broken]);
    await deadLetters.waitForMessages((m) => (m.json as { id?: string })?.id === broken.id);
    expect((await status(complaint)).body).toMatchObject({ stage: 'registered' });
  });
});
