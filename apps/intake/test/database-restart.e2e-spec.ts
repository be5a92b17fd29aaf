import type { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import {
  TopicReader,
  bootstrapDatabase,
  serviceDbUrl,
  startPrivatePostgres,
  waitFor,
  type ReadMessage,
  type PrivatePostgres,
} from '@redress/testing';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';
import { aComplaint, startIntake, tokenFor } from './intake-app';

/**
 * PostgreSQL stops hard under a running intake and comes back: the service stays up, reports
 * not ready meanwhile, answers writes 503, and afterwards takes registrations again; every
 * registration it acknowledged is in the store and on Kafka. The database is a private server
 * of this test: the shared one is never stopped.
 */

jest.setTimeout(180_000);

const DB = 'redress';
const channel = tokenFor({ roles: ['channel'], department: 'customer-service' });
const escaped: unknown[] = [];
const recordEscape = (error: unknown): void => void escaped.push(error);

let server: PrivatePostgres | undefined;
let app: INestApplication | undefined;
let outbox: IntakeOutbox;
let reader: TopicReader | undefined;

beforeAll(async () => {
  // Anything the outage makes escape the service's own handling fails the test.
  process.on('unhandledRejection', recordEscape);
  process.on('uncaughtException', recordEscape);
  server = await startPrivatePostgres();
  await bootstrapDatabase({ adminUrl: server.url, db: DB });
  const databaseUrl = serviceDbUrl('intake', { db: DB, env: { DATABASE_ADMIN_URL: server.url } });
  ({ app, outbox } = await startIntake({ env: { DATABASE_URL: databaseUrl } }));
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end', topicTimeoutMs: 30_000 });
}, 180_000);

afterAll(async () => {
  await reader?.stop();
  await app?.close();
  await server?.destroy();
  process.off('unhandledRejection', recordEscape);
  process.off('uncaughtException', recordEscape);
});

const http = () => request(app!.getHttpServer());

/** Registers one complaint; the complaint id when intake acknowledged it (201), else the status. */
async function register(): Promise<{ id?: string; status: number; type?: string }> {
  const res = await http()
    .post('/complaints')
    .set('Authorization', `Bearer ${channel}`)
    .send(aComplaint());
  const body = res.body as { complaintId?: string; type?: string };
  return res.status === 201
    ? { id: body.complaintId!, status: 201 }
    : { status: res.status, ...(body.type ? { type: body.type } : {}) };
}

const registerMany = (count: number) =>
  Promise.all(Array.from({ length: count }, () => register()));

const acknowledged = (outcomes: { id?: string }[]) =>
  outcomes.flatMap((outcome) => (outcome.id ? [outcome.id] : []));

async function readiness(): Promise<{ status: number; failing: string[] }> {
  const res = await http().get('/health/ready');
  return { status: res.status, failing: (res.body as { failing?: string[] }).failing ?? [] };
}

describe('a PostgreSQL restart under a running intake', () => {
  it('keeps the service alive, reports not ready while the database is down, and loses no acknowledged registration', async () => {
    const before = await registerMany(10);
    expect(before.map((o) => o.status)).toEqual(Array(10).fill(201));
    expect(await readiness()).toEqual({ status: 200, failing: [] });

    // Registrations in flight while the server goes down: each is acknowledged or refused.
    const duringKill = registerMany(30);
    await server!.kill();
    const during = await duringKill;
    for (const outcome of during) expect([201, 503]).toContain(outcome.status);

    const down = await waitFor(
      async () => {
        const ready = await readiness();
        return ready.status === 503 ? ready : undefined;
      },
      { description: 'readiness to report the database down', timeoutMs: 30_000 },
    );
    expect(down.failing).toEqual(['database']);
    expect((await http().get('/health/live')).status).toBe(200);
    const refused = await registerMany(5);
    expect(refused).toEqual(
      Array(5).fill({ status: 503, type: 'urn:redress:problem:database-unavailable' }),
    );
    // The relay noticed too: it gave up its lock and keeps trying to take it again.
    await waitFor(() => outbox.status().state === 'standby', {
      description: 'the outbox relay to stand by',
      timeoutMs: 30_000,
    });

    await server!.start();
    await waitFor(async () => (await readiness()).status === 200, {
      description: 'readiness to come back by itself',
      timeoutMs: 60_000,
    });
    const after = await registerMany(10);
    expect(after.map((o) => o.status)).toEqual(Array(10).fill(201));

    const ids = [...acknowledged(before), ...acknowledged(during), ...acknowledged(after)];
    const wanted = new Set(ids);
    // At least once: a relay that lost its session mid-publish sends some events again, so the
    // wait is for every acknowledged complaint, not for a count of records.
    const isRegistration = (m: ReadMessage) =>
      wanted.has(m.key ?? '') && (m.json as { type?: string }).type === 'ComplaintRegistered';
    await waitFor(
      () => new Set(reader!.messages.filter(isRegistration).map((m) => m.key)).size === wanted.size,
      {
        description: 'every acknowledged registration on Kafka',
        timeoutMs: 60_000,
      },
    ).catch(() => undefined);
    expect(new Set(reader!.messages.filter(isRegistration).map((m) => m.key))).toEqual(wanted);

    const store = new Pool({ connectionString: server!.url.replace(/\/postgres$/, `/${DB}`) });
    try {
      const { rows } = await store.query<{ stream_id: string }>(
        `SELECT stream_id FROM intake.events
          WHERE type = 'ComplaintRegistered' AND stream_id = ANY($1)`,
        [ids],
      );
      expect(new Set(rows.map((r) => r.stream_id))).toEqual(wanted);
    } finally {
      await store.end();
    }
    expect(escaped).toEqual([]);
  });
});
