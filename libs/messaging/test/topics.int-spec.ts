import { ConfigResourceTypes } from 'kafkajs';
import { ensureTopics } from '../src';
import { deleteTopics, plainKafka, testKafka, uniqueName } from './support';

jest.setTimeout(60_000);

const plain = plainKafka();
const created: string[] = [];

afterAll(async () => {
  await deleteTopics(plain, created);
});

async function describeTopic(
  topic: string,
): Promise<{ partitions: number; configs: Map<string, string> }> {
  const admin = plain.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    const configs = new Map(
      (resources[0]?.configEntries ?? []).map((entry) => [entry.configName, entry.configValue]),
    );
    return { partitions: topics[0]?.partitions.length ?? 0, configs };
  } finally {
    await admin.disconnect();
  }
}

describe('ensureTopics', () => {
  it('creates a missing topic that keeps events forever, once', async () => {
    const kafka = testKafka();
    const topic = uniqueName();
    created.push(topic);

    const first = await ensureTopics(kafka, [
      { topic, partitions: 2, replicationFactor: 1, configs: { 'max.message.bytes': '2097152' } },
    ]);
    const second = await ensureTopics(kafka, [{ topic, partitions: 2, replicationFactor: 1 }]);

    expect(first).toEqual([topic]);
    expect(second).toEqual([]);
    const described = await describeTopic(topic);
    expect(described.partitions).toBe(2);
    expect(described.configs.get('retention.ms')).toBe('-1');
    expect(described.configs.get('max.message.bytes')).toBe('2097152');
  });

  it('succeeds in every process that races to create the same topics', async () => {
    const topics = [uniqueName(), uniqueName()];
    created.push(...topics);
    const specs = topics.map((topic) => ({ topic, partitions: 3, replicationFactor: 1 }));

    const results = await Promise.all(
      [testKafka(), testKafka(), testKafka()].map((kafka) => ensureTopics(kafka, specs)),
    );

    expect(results.flat().sort()).toEqual([...topics].sort());
    for (const topic of topics) {
      expect((await describeTopic(topic)).partitions).toBe(3);
    }
  });

  it('leaves an existing topic as it is', async () => {
    const kafka = testKafka();
    const topic = uniqueName();
    created.push(topic);
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);

    await expect(ensureTopics(kafka, [{ topic, partitions: 4 }])).resolves.toEqual([]);

    expect((await describeTopic(topic)).partitions).toBe(1);
  });

  it('refuses a partition count that is not a positive integer before touching Kafka', async () => {
    await expect(
      ensureTopics(testKafka(), [{ topic: uniqueName(), partitions: 0 }]),
    ).rejects.toThrow(/partitions of .* must be a positive integer/);
  });

  it('reports what Kafka refused, naming the topic', async () => {
    const topic = uniqueName();
    created.push(topic);
    await expect(
      ensureTopics(testKafka(), [{ topic, partitions: 1, replicationFactor: 3 }]),
    ).rejects.toThrow(`could not create Kafka topic ${topic}`);
  });
});
