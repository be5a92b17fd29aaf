import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { deadLetterTopic, retryTopic, type CloudEvent } from '@redress/contracts';
import type { Message } from 'kafkajs';
import { createKafka, physicalName, type EventBatch, type KafkaClient } from '../src';
import {
  BROKERS,
  cloudEvent,
  createTopic,
  deleteGroups,
  deleteTopics,
  plainKafka,
  produce,
  type LogLine,
} from './support';

/** The tests' Kafka namespace (REDRESS_TEST_TOPIC_PREFIX), so runs of other helpers never meet. */
export const PREFIX = process.env['REDRESS_TEST_TOPIC_PREFIX'] ?? 'test.';

export const plain = plainKafka();

/** A client of the lib in the tests' namespace whose log lines the test can inspect. */
export function prefixedKafka(lines: LogLine[] = []): KafkaClient {
  return createKafka({
    brokers: BROKERS,
    clientId: `batch-test-${randomUUID().slice(0, 8)}`,
    topicPrefix: PREFIX,
    logger: (level, message, extra) => lines.push({ level, message, extra }),
  });
}

export function shortName(what: string): string {
  return `messaging.${what}.${randomUUID().slice(0, 8)}`;
}

/** Topics and groups (contract names) of one test file, deleted after it. */
export function useNamespace() {
  const topics: string[] = [];
  const groups: string[] = [];
  afterAll(async () => {
    await deleteGroups(
      plain,
      groups.map((group) => PREFIX + group),
    );
    await deleteTopics(
      plain,
      topics.map((topic) => PREFIX + topic),
    );
  });
  return {
    async topic(partitions = 1): Promise<string> {
      const topic = shortName('topic');
      topics.push(topic);
      await createTopic(plain, PREFIX + topic, partitions);
      return topic;
    },
    group(): string {
      const group = shortName('group');
      groups.push(group);
      topics.push(deadLetterTopic(group), retryTopic(group));
      return group;
    },
  };
}

/** `count` events numbered from `from`, spread over `complaints` complaints (keys). */
export function events(count: number, from = 0, complaints = 50): CloudEvent[] {
  return Array.from({ length: count }, (_, i) =>
    cloudEvent(`C-${(from + i) % complaints}`, 'ComplaintRegistered', { n: from + i }),
  );
}

export function records(list: readonly CloudEvent[]): Message[] {
  return list.map((event) => ({
    key: event.subject,
    value: JSON.stringify(event),
    headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8', ce_id: event.id },
  }));
}

export async function publish(kafka: KafkaClient, topic: string, list: Message[]): Promise<void> {
  for (let i = 0; i < list.length; i += 2_000) {
    await produce(plain, physicalName(kafka, topic), list.slice(i, i + 2_000));
  }
}

const adminUrl = new URL(
  process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
adminUrl.pathname = `/${process.env['REDRESS_TEST_DB'] ?? 'redress_test'}`;

/**
 * A projection as a service would keep it: the applied events and, in the same transaction,
 * each partition's next offset (transactional offsets). `apply` refuses a batch that does not
 * start where the stored offset says, so a batch applied twice would fail loudly, not silently.
 */
export class Projection {
  readonly schema = `batch_${randomUUID().slice(0, 8)}`;
  readonly pool = new Pool({ connectionString: adminUrl.toString(), max: 6 });
  /** Called after the database commit, before the batch goes back to the consumer. */
  afterCommit: ((batch: EventBatch) => Promise<void> | void) | undefined;

  async create(): Promise<void> {
    this.pool.on('error', () => undefined);
    await this.pool.query(`CREATE SCHEMA ${this.schema}`);
    await this.pool.query(
      `CREATE TABLE ${this.schema}.applied (topic text, partition int, "offset" bigint, n int, event_id text, batch_first bigint)`,
    );
    await this.pool.query(
      `CREATE TABLE ${this.schema}.offsets (topic text, partition int, next_offset bigint NOT NULL, PRIMARY KEY (topic, partition))`,
    );
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.pool.end();
  }

  storedOffsets = async (topic: string, partition: number): Promise<string | undefined> => {
    const { rows } = await this.pool.query<{ next_offset: string }>(
      `SELECT next_offset FROM ${this.schema}.offsets WHERE topic = $1 AND partition = $2`,
      [topic, partition],
    );
    return rows[0]?.next_offset;
  };

  apply = async (batch: EventBatch): Promise<void> => {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ next_offset: string }>(
        `SELECT next_offset FROM ${this.schema}.offsets WHERE topic = $1 AND partition = $2 FOR UPDATE`,
        [batch.topic, batch.partition],
      );
      const stored = rows[0]?.next_offset;
      if (stored !== undefined && stored !== batch.firstOffset) {
        throw new Error(`batch starts at ${batch.firstOffset}, stored offset is ${stored}`);
      }
      if (batch.records.length > 0) {
        const values: unknown[] = [];
        const tuples = batch.records.map((record, i) => {
          const data = record.event.data as { n: number };
          values.push(
            record.topic,
            record.partition,
            record.offset,
            data.n,
            record.event.id,
            batch.firstOffset,
          );
          const base = i * 6;
          return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`;
        });
        await client.query(
          `INSERT INTO ${this.schema}.applied (topic, partition, "offset", n, event_id, batch_first) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
      await client.query(
        `INSERT INTO ${this.schema}.offsets (topic, partition, next_offset) VALUES ($1, $2, $3)
         ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
        [batch.topic, batch.partition, batch.nextOffset],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    await this.afterCommit?.(batch);
  };

  async counts(): Promise<{ applied: number; distinct: number }> {
    const { rows } = await this.pool.query<{ applied: string; distinct: string }>(
      `SELECT count(*) AS applied, count(DISTINCT (topic, partition, "offset")) AS distinct FROM ${this.schema}.applied`,
    );
    return { applied: Number(rows[0]?.applied), distinct: Number(rows[0]?.distinct) };
  }

  async numbers(): Promise<number[]> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT n FROM ${this.schema}.applied ORDER BY n`,
    );
    return rows.map((row) => row.n);
  }
}
