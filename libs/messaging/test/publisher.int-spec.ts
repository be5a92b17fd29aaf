import { CLOUDEVENTS_CONTENT_TYPE } from '@redress/contracts';
import { ensureTopics, EventPublisher } from '../src';
import {
  cloudEvent,
  createTopic,
  deleteTopics,
  header,
  plainKafka,
  readTopic,
  testKafka,
  uniqueName,
} from './support';

jest.setTimeout(60_000);

const plain = plainKafka();
const topics: string[] = [];

afterAll(async () => {
  await deleteTopics(plain, topics);
});

async function newTopic(partitions: number): Promise<string> {
  const topic = uniqueName();
  topics.push(topic);
  await createTopic(plain, topic, partitions);
  return topic;
}

describe('EventPublisher', () => {
  it('publishes structured CloudEvents keyed by complaint, readable by a plain Kafka client', async () => {
    const topic = await newTopic(3);
    const publisher = new EventPublisher(testKafka(), { topic });
    const events = [
      cloudEvent('complaint-a', 'ComplaintRegistered', { description: '快递外箱破损' }),
      cloudEvent('complaint-b'),
      cloudEvent('complaint-a', 'ComplaintAcknowledged'),
    ];
    await publisher.connect();
    try {
      await publisher.publish(events);
    } finally {
      await publisher.disconnect();
    }

    const records = await readTopic(plain, topic, 3);

    expect(records).toHaveLength(3);
    for (const event of events) {
      const record = records.find((r) => header(r, 'ce_id') === event.id);
      expect(record).toBeDefined();
      expect(record!.key?.toString()).toBe(event.subject);
      expect(header(record!, 'content-type')).toBe(CLOUDEVENTS_CONTENT_TYPE);
      expect(header(record!, 'ce_type')).toBe(event.type);
      expect(JSON.parse(record!.value!.toString('utf8'))).toEqual(event);
    }
    const ofA = records.filter((r) => r.key?.toString() === 'complaint-a');
    expect(new Set(ofA.map((r) => r.partition)).size).toBe(1);
    expect(ofA.map((r) => header(r, 'ce_type'))).toEqual([
      'ComplaintRegistered',
      'ComplaintAcknowledged',
    ]);
  });

  it('keeps the order when a large array is split into several requests', async () => {
    const topic = await newTopic(1);
    const publisher = new EventPublisher(testKafka(), { topic, maxRequestBytes: 3_000 });
    const events = Array.from({ length: 20 }, (_, i) =>
      cloudEvent('complaint-c', 'ComplaintAmended', { n: i, note: 'x'.repeat(500) }),
    );
    await publisher.connect();
    try {
      await publisher.publish(events);
    } finally {
      await publisher.disconnect();
    }

    const records = await readTopic(plain, topic, 20);

    expect(records.map((r) => header(r, 'ce_id'))).toEqual(events.map((e) => e.id));
  });

  it('refuses to publish before connect()', async () => {
    const publisher = new EventPublisher(testKafka(), { topic: uniqueName() });
    await expect(publisher.publish([cloudEvent('complaint-d')])).rejects.toThrow(/before connect/);
  });

  it('rejects when Kafka does not accept the records', async () => {
    const kafka = testKafka();
    const topic = uniqueName();
    topics.push(topic);
    await ensureTopics(kafka, [{ topic, partitions: 1, configs: { 'max.message.bytes': '1024' } }]);
    const publisher = new EventPublisher(kafka, { topic });
    await publisher.connect();
    try {
      await expect(
        publisher.publish([cloudEvent('complaint-e', 'ComplaintRegistered', 'x'.repeat(5_000))]),
      ).rejects.toThrow();
    } finally {
      await publisher.disconnect();
    }
  });
});
