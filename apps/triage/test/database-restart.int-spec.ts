import request from 'supertest';
import { deadLetterTopic, TOPICS } from '@redress/contracts';
import {
  TopicReader,
  bootstrapDatabase,
  createTopics,
  deleteTopics,
  ensureTestInfra,
  serviceDbUrl,
  startGroupAtEnd,
  startPrivatePostgres,
  uniqueName,
  waitFor,
  type PrivatePostgres,
  type ReadMessage,
} from '@redress/testing';
import { SUBSCRIBED_TOPICS } from '../src/messaging/triage-messaging';
import { registered, Upstream } from './inbound';
import { startTriage, type RunningTriage } from './triage-app';

/**
 * PostgreSQL stops hard under a running triage and comes back: the consumer keeps the events
 * that arrive meanwhile (never dead-letters them for the outage) and triages every one once
 * the database answers again. The database is a private server of this test.
 */

jest.setTimeout(180_000);

const group = uniqueName('triage-restart');
const upstream = new Upstream();
const escaped: unknown[] = [];
const recordEscape = (error: unknown): void => void escaped.push(error);

let server: PrivatePostgres | undefined;
let triage: RunningTriage | undefined;
let reader: TopicReader | undefined;

beforeAll(async () => {
  process.on('unhandledRejection', recordEscape);
  process.on('uncaughtException', recordEscape);
  await ensureTestInfra();
  await createTopics([...SUBSCRIBED_TOPICS, TOPICS.triage], { partitions: 3 });
  // This test's consumer group reads only what this test publishes.
  await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
  reader = await TopicReader.start(TOPICS.triage, { startAt: 'end' });
  server = await startPrivatePostgres();
  await bootstrapDatabase({ adminUrl: server.url, db: 'redress' });
  triage = await startTriage({
    env: {
      DATABASE_URL: serviceDbUrl('triage', {
        db: 'redress',
        env: { DATABASE_ADMIN_URL: server.url },
      }),
      TRIAGE_CONSUMER_GROUP: group,
      // Two tries, so an outage that counted towards them would dead-letter at once.
      TRIAGE_MAX_ATTEMPTS: '2',
    },
  });
}, 180_000);

afterAll(async () => {
  await triage?.app.close();
  await reader?.stop();
  await upstream.close();
  await server?.destroy();
  await deleteTopics([deadLetterTopic(group)]);
  process.off('unhandledRejection', recordEscape);
  process.off('uncaughtException', recordEscape);
});

const http = () => request(triage!.app.getHttpServer());

async function metric(name: string): Promise<number> {
  const text = (await http().get('/metrics').expect(200)).text;
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`metric ${name} not found`);
  return Number(value);
}
const triaged = (ids: Set<string>) => (m: ReadMessage) =>
  ids.has(m.key ?? '') && (m.json as { type?: string }).type === 'ComplaintTriaged';

function registrations(count: number) {
  return Array.from({ length: count }, () =>
    registered({ registeredAt: new Date().toISOString() }),
  );
}

describe('a PostgreSQL restart under a running triage', () => {
  it('keeps consuming: what arrives while the database is down is triaged once it is back, and nothing is dead-lettered', async () => {
    const before = registrations(3);
    await upstream.publish(TOPICS.intake, before);
    await reader!.waitForMessages(
      triaged(new Set(before.map((e) => e.data.complaintId))),
      before.length,
      30_000,
    );

    await server!.kill();
    await waitFor(async () => (await http().get('/health/ready')).status === 503, {
      description: 'readiness to report the database down',
      timeoutMs: 30_000,
    });
    expect((await http().get('/health/live')).status).toBe(200);
    const meanwhile = registrations(5);
    const retriedBefore = await metric('redress_consumer_retried_total');
    await upstream.publish(TOPICS.intake, meanwhile);
    // Down long enough for every event to be tried more often than TRIAGE_MAX_ATTEMPTS allows.
    await waitFor(
      async () =>
        (await metric('redress_consumer_retried_total')) >= retriedBefore + 3 * meanwhile.length,
      { description: 'the consumer to retry through the outage', timeoutMs: 60_000 },
    );
    expect(await metric('redress_consumer_dead_lettered_total')).toBe(0);

    await server!.start();
    await waitFor(async () => (await http().get('/health/ready')).status === 200, {
      description: 'readiness to come back by itself',
      timeoutMs: 60_000,
    });
    const after = registrations(3);
    await upstream.publish(TOPICS.intake, after);

    const all = new Set([...before, ...meanwhile, ...after].map((e) => e.data.complaintId));
    const decisions = await reader!.waitForMessages(triaged(all), all.size, 60_000);
    expect(new Set(decisions.map((m) => m.key))).toEqual(all);

    expect(await metric('redress_consumer_dead_lettered_total')).toBe(0);
    expect(escaped).toEqual([]);
  });
});
