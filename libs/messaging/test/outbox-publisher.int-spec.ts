import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { SYSTEM_ACTOR } from '@redress/contracts';
import { EventStore, eventStoreSchemaSql } from '@redress/event-store';
import { createKafka, OutboxPublisher } from '../src';
import { BROKERS, deleteTopics, header, plainKafka, readTopic, uniqueName } from './support';

const adminUrl = new URL(
  process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
adminUrl.pathname = `/${process.env['REDRESS_TEST_DB'] ?? 'redress_test'}`;

const schema = `outbox_${randomUUID().slice(0, 8)}`;
const topic = uniqueName('test.outbox');
let pool: Pool;
const outboxes: OutboxPublisher[] = [];

jest.setTimeout(90_000);

beforeAll(async () => {
  pool = new Pool({ connectionString: adminUrl.toString(), max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
});

afterAll(async () => {
  await Promise.all(outboxes.map((o) => o.stop()));
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  await deleteTopics(plainKafka(), [topic]);
});

function outboxOn(brokers: string[]): OutboxPublisher {
  const outbox = new OutboxPublisher(
    createKafka({ brokers, clientId: uniqueName('outbox'), logger: () => undefined }),
    {
      pool,
      schema,
      topic: { topic, partitions: 2, replicationFactor: 1 },
      relay: { backoffInitialMs: 50, backoffMaxMs: 200, pollIntervalMs: 100 },
    },
  );
  outboxes.push(outbox);
  return outbox;
}

describe('OutboxPublisher', () => {
  it('accepts work while Kafka is unreachable and publishes it, creating its topic, once Kafka answers', async () => {
    const store = new EventStore(pool, schema, () => new Date());
    const complaintId = randomUUID();
    await store.transaction((tx) =>
      store.append(
        tx,
        complaintId,
        0,
        [
          { type: 'ComplaintRegistered', schemaVersion: 1, data: { complaintId } },
          { type: 'ComplaintAcknowledged', schemaVersion: 1, data: { complaintId } },
        ],
        { source: '/redress/test', correlationId: randomUUID(), actor: SYSTEM_ACTOR },
      ),
    );

    // Nothing listens on port 1: the relay keeps trying and the events stay in the outbox.
    const unreachable = outboxOn(['127.0.0.1:1']);
    await unreachable.start();
    await expect(unreachable.drain({ timeoutMs: 1_500 })).rejects.toThrow(/did not publish/);
    expect(await unreachable.lag()).toBe(2);
    // Stopping waits for the attempt in flight, which ends in failure: nothing is marked sent.
    await unreachable.stop();
    expect(await unreachable.lag()).toBe(2);

    const outbox = outboxOn(BROKERS);
    await outbox.start();
    await outbox.drain({ timeoutMs: 30_000 });
    expect(await outbox.lag()).toBe(0);
    const records = await readTopic(plainKafka(), topic, 2);
    expect(records.map((r) => r.key?.toString())).toEqual([complaintId, complaintId]);
    expect(records.map((r) => header(r, 'ce_type'))).toEqual([
      'ComplaintRegistered',
      'ComplaintAcknowledged',
    ]);
  }, 90_000);
});
