import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { Pool } from 'pg';
import { deadLetterTopic, SYSTEM_ACTOR } from '@redress/contracts';
import { EventStore, eventStoreSchemaSql } from '@redress/event-store';
import { EventConsumer, OutboxPublisher, type KafkaClient } from '../src';
import { BROKERS, deleteTopics, plainKafka, uniqueName, waitFor } from './support';

/**
 * The broker goes away under a connected publisher and consumer and comes back. The shared
 * broker is never touched: the clients reach it through a TCP proxy this test runs on
 * 127.0.0.1 (kafkajs' socket factory sends every connection there, the advertised address of
 * the broker included), and the outage is the proxy dropping every connection and refusing
 * new ones, as a dead broker would.
 */

jest.setTimeout(120_000);

class BrokerProxy {
  private server: net.Server | undefined;
  private port = 0;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  readonly socketFactory: ISocketFactory = ({ onConnect }) => {
    const socket = net.connect({ host: '127.0.0.1', port: this.port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    return socket;
  };

  /** Listens (again, on the same port after `cut`) and forwards each connection to the broker. */
  async up(): Promise<void> {
    const server = net.createServer((client) => {
      const broker = net.connect(this.target);
      for (const [from, to] of [
        [client, broker],
        [broker, client],
      ] as const) {
        this.sockets.add(from);
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.sockets.delete(from);
          to.destroy();
        });
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** The broker is gone: open connections drop, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) =>
      server ? server.close(() => resolve()) : resolve(),
    );
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

const adminUrl = new URL(
  process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
adminUrl.pathname = `/${process.env['REDRESS_TEST_DB'] ?? 'redress_test'}`;
const schema = `outage_${randomUUID().slice(0, 8)}`;
const topic = uniqueName('test.outage');
const [brokerHost = '127.0.0.1', brokerPort = '9092'] = (BROKERS[0] ?? '').split(':');
const proxy = new BrokerProxy({ host: brokerHost, port: Number(brokerPort) });
const escaped: unknown[] = [];
const recordEscape = (error: unknown): void => void escaped.push(error);
let pool: Pool;

function flakyKafka(): KafkaClient {
  const clientId = uniqueName('outage');
  return {
    clientId,
    brokers: BROKERS,
    log: () => undefined,
    topicPrefix: '',
    kafkajs: new Kafka({
      clientId,
      brokers: BROKERS,
      socketFactory: proxy.socketFactory,
      connectionTimeout: 3_000,
      logLevel: logLevel.NOTHING,
    }),
  };
}

beforeAll(async () => {
  process.on('unhandledRejection', recordEscape);
  process.on('uncaughtException', recordEscape);
  await proxy.up();
  pool = new Pool({ connectionString: adminUrl.toString(), max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
});

afterAll(async () => {
  await proxy.cut();
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  await deleteTopics(plainKafka(), [topic, deadLetterTopic(topic)]);
  process.off('unhandledRejection', recordEscape);
  process.off('uncaughtException', recordEscape);
});

describe('a broker outage', () => {
  it('holds events in the outbox and the consumer waits; both resume by themselves when the broker is back', async () => {
    const store = new EventStore(pool, schema, () => new Date());
    const append = async () => {
      const complaintId = randomUUID();
      await store.transaction((tx) =>
        store.append(
          tx,
          complaintId,
          0,
          [{ type: 'ComplaintRegistered', schemaVersion: 1, data: { complaintId } }],
          { source: '/redress/test', correlationId: randomUUID(), actor: SYSTEM_ACTOR },
        ),
      );
      return complaintId;
    };
    const outbox = new OutboxPublisher(flakyKafka(), {
      pool,
      schema,
      topic: { topic, partitions: 2, replicationFactor: 1 },
      relay: { backoffInitialMs: 50, backoffMaxMs: 500 },
    });
    const received = new Set<string>();
    const consumer = new EventConsumer(flakyKafka(), {
      groupId: topic,
      topics: [topic],
      maxAttempts: 2,
      handle: async (message) => void received.add(message.key ?? ''),
    });
    try {
      await outbox.start();
      const first = await append();
      await outbox.drain({ timeoutMs: 30_000 });
      await consumer.start();
      await waitFor('the first event consumed', () => received.has(first), 60_000);

      await proxy.cut();
      const meanwhile = [await append(), await append(), await append()];
      await expect(outbox.drain({ timeoutMs: 1_000 })).rejects.toThrow(/did not publish/);
      expect(await outbox.lag()).toBe(3);
      // kafkajs notices when a request times out; the consumer is then restarted, not lost.
      await waitFor('the consumer to lose the broker', () => consumer.stats().crashes > 0, 60_000);

      await proxy.up();
      await outbox.drain({ timeoutMs: 90_000 });
      await waitFor(
        'the events of the outage consumed',
        () => meanwhile.every((id) => received.has(id)),
        90_000,
      );
      expect(consumer.stats()).toMatchObject({ deadLettered: 0 });
    } finally {
      await consumer.stop();
      await outbox.stop();
    }
    expect(escaped).toEqual([]);
  });
});
