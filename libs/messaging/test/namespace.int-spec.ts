import { randomUUID } from 'node:crypto';
import { TOPICS, deadLetterTopic, retryTopic } from '@redress/contracts';
import {
  EventConsumer,
  EventPublisher,
  ensureTopics,
  parseTopicPrefix,
  physicalName,
  type InboundMessage,
} from '../src';
import { cloudEvent, deleteGroups, deleteTopics, plainKafka, testKafka, waitFor } from './support';

jest.setTimeout(60_000);

const plain = plainKafka();

/** Two environments sharing the broker, each with the contract's names under its own prefix. */
const run = randomUUID().slice(0, 8);
const prefixes = { a: `test.ns-a-${run}.`, b: `test.ns-b-${run}.` };
const groupId = 'triage';
const consumers: EventConsumer[] = [];

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  const names = (prefix: string, names: string[]): string[] => names.map((n) => prefix + n);
  const logical = [TOPICS.intake, deadLetterTopic(groupId), retryTopic(groupId)];
  await deleteGroups(plain, [prefixes.a + groupId, prefixes.b + groupId]);
  await deleteTopics(plain, [...names(prefixes.a, logical), ...names(prefixes.b, logical)]);
});

function consume(prefix: string, seen: InboundMessage[]): EventConsumer {
  const consumer = new EventConsumer(testKafka([], prefix), {
    groupId,
    topics: [TOPICS.intake],
    handle: async (message) => void seen.push(message),
  });
  consumers.push(consumer);
  return consumer;
}

describe('topic namespaces', () => {
  it('keeps environments apart: a consumer of one namespace sees nothing published in another, under the same contract names', async () => {
    const a = testKafka([], prefixes.a);
    const b = testKafka([], prefixes.b);
    expect(await ensureTopics(a, [{ topic: TOPICS.intake }])).toEqual([TOPICS.intake]);
    expect(await ensureTopics(b, [{ topic: TOPICS.intake }])).toEqual([TOPICS.intake]);

    const seenA: InboundMessage[] = [];
    const seenB: InboundMessage[] = [];
    const consumerA = consume(prefixes.a, seenA);
    const consumerB = consume(prefixes.b, seenB);
    await consumerA.start();
    await consumerB.start();
    await Promise.all([consumerA.joined(), consumerB.joined()]);

    const inA = cloudEvent('complaint-a');
    const publisherA = new EventPublisher(a, { topic: TOPICS.intake });
    await publisherA.connect();
    await publisherA.publish([inA]);
    await publisherA.disconnect();

    const received = await waitFor('namespace a to receive its event', () => seenA[0]);
    // Handlers see the contract's name; only the cluster sees the prefix.
    expect(received.topic).toBe(TOPICS.intake);
    expect(received.headers['ce_id']).toBe(inA.id);

    const inB = cloudEvent('complaint-b');
    const publisherB = new EventPublisher(b, { topic: TOPICS.intake });
    await publisherB.connect();
    await publisherB.publish([inB]);
    await publisherB.disconnect();
    await waitFor('namespace b to receive its event', () => seenB.length > 0);

    // b's event was published after a's: had b's consumer been able to see a's, it would have.
    expect(seenB.map((m) => m.headers['ce_id'])).toEqual([inB.id]);
    expect(seenA.map((m) => m.headers['ce_id'])).toEqual([inA.id]);

    const admin = plain.admin();
    await admin.connect();
    try {
      const topics = new Set(await admin.listTopics());
      for (const prefix of [prefixes.a, prefixes.b]) {
        expect(topics.has(prefix + TOPICS.intake)).toBe(true);
        expect(topics.has(prefix + deadLetterTopic(groupId))).toBe(true);
        expect(topics.has(prefix + retryTopic(groupId))).toBe(true);
      }
      const { groups } = await admin.describeGroups([prefixes.a + groupId, prefixes.b + groupId]);
      expect(groups.map((group) => group.state)).toEqual(['Stable', 'Stable']);
    } finally {
      await admin.disconnect();
    }
  });

  it('takes an empty prefix as the contract names and refuses characters Kafka does not allow', () => {
    expect(physicalName(testKafka(), TOPICS.triage)).toBe('complaints.triage.v1');
    expect(physicalName(testKafka([], 'dev.'), TOPICS.triage)).toBe('dev.complaints.triage.v1');
    expect(parseTopicPrefix('bench.')).toBe('bench.');
    expect(() => parseTopicPrefix('dev/')).toThrow(/KAFKA_TOPIC_PREFIX must be/);
    expect(() => parseTopicPrefix('x'.repeat(101))).toThrow(/KAFKA_TOPIC_PREFIX/);
  });
});
