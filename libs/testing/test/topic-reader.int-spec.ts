import { Kafka, logLevel, type Producer } from 'kafkajs';
import {
  TopicReader,
  cloudEvent,
  createTopics,
  deleteTopics,
  ensureTestInfra,
  publishEvents,
  startGroupAtEnd,
  testConfig,
  uniqueName,
  waitFor,
  type ReadMessage,
} from '../src';

const topic = uniqueName('testing.reader');
/** Plain kafkajs calls use the names on the cluster: the helpers add the tests' namespace. */
const onCluster = (name: string): string => testConfig().topicPrefix + name;
let producer: Producer;
const readers: TopicReader[] = [];

async function startReader(...args: Parameters<typeof TopicReader.start>): Promise<TopicReader> {
  const reader = await TopicReader.start(...args);
  readers.push(reader);
  return reader;
}

async function listTopics(): Promise<string[]> {
  const admin = new Kafka({ brokers: testConfig().brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  await ensureTestInfra();
  await createTopics([topic], { partitions: 2 });
  producer = new Kafka({ brokers: testConfig().brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({
    topic: onCluster(topic),
    messages: [
      {
        key: 'complaint-1',
        value: JSON.stringify({ type: 'ComplaintRegistered', n: 1 }),
        headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
      },
      { key: 'complaint-2', value: JSON.stringify({ type: 'ComplaintRegistered', n: 2 }) },
      { key: 'complaint-1', value: 'not json' },
    ],
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(readers.map((reader) => reader.stop()));
  await producer.disconnect();
  await deleteTopics([topic]);
});

const typeOf = (message: ReadMessage) => (message.json as { type?: string } | undefined)?.type;

describe('TopicReader', () => {
  it('reads what was published before it started, decoded, from every partition', async () => {
    const reader = await startReader(topic);
    const registered = await reader.waitForMessages((m) => typeOf(m) === 'ComplaintRegistered', 2);
    expect(registered.map((m) => m.key).sort()).toEqual(['complaint-1', 'complaint-2']);
    const first = registered.find((m) => m.key === 'complaint-1');
    expect(first?.json).toEqual({ type: 'ComplaintRegistered', n: 1 });
    expect(first?.headers).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    });
    const [plain] = await reader.waitForMessages((m) => m.value === 'not json');
    expect(plain?.json).toBeUndefined();
  }, 30_000);

  it('keeps collecting what is published while it runs', async () => {
    const reader = await startReader([topic]);
    await producer.send({
      topic: onCluster(topic),
      messages: [{ key: 'complaint-3', value: '{"type":"ComplaintWithdrawn"}' }],
    });
    const [withdrawn] = await reader.waitForMessages((m) => typeOf(m) === 'ComplaintWithdrawn');
    expect(withdrawn?.key).toBe('complaint-3');
    expect(reader.messages.length).toBeGreaterThanOrEqual(4);
  }, 30_000);

  it('started at the end, reads only what is published afterwards, from every partition', async () => {
    const reader = await startReader(topic, { startAt: 'end' });
    await producer.send({
      topic: onCluster(topic),
      messages: ['late-a', 'late-b', 'late-c', 'late-d'].map((key, i) => ({
        key,
        partition: i % 2,
        value: '{"type":"ComplaintAmended"}',
      })),
    });
    const late = await reader.waitForMessages((m) => typeOf(m) === 'ComplaintAmended', 4);
    expect(late.map((m) => m.key).sort()).toEqual(['late-a', 'late-b', 'late-c', 'late-d']);
    expect(new Set(late.map((m) => m.partition)).size).toBe(2);
    expect(reader.messages.filter((m) => typeOf(m) === 'ComplaintRegistered')).toHaveLength(0);
  }, 30_000);

  it('says how much it read when the expected messages do not come in time', async () => {
    const reader = await startReader(topic);
    await reader.waitForMessages(() => true, 3);
    await expect(
      reader.waitForMessages((m) => typeOf(m) === 'ComplaintClosed', 1, 300),
    ).rejects.toThrow(
      /1 matching message\(s\) on testing\.reader_\w+ .*\(read \d+ message\(s\), 0 matching\)/,
    );
  }, 30_000);

  it('fails to start on a topic that never appears', async () => {
    await expect(
      TopicReader.start(uniqueName('testing.missing'), { topicTimeoutMs: 300 }),
    ).rejects.toThrow(/to exist/);
  });
});

describe('createTopics and deleteTopics', () => {
  it('create and remove topics, ignoring topics that do not exist', async () => {
    const scratch = uniqueName('testing.scratch');
    await createTopics([scratch]);
    expect(await listTopics()).toContain(onCluster(scratch));
    await deleteTopics([scratch, uniqueName('testing.never')]);
    // Deletion completes on the controller shortly after the request is accepted.
    await waitFor(async () => !(await listTopics()).includes(onCluster(scratch)), {
      description: `${scratch} to disappear`,
    });
  }, 30_000);
});

describe('startGroupAtEnd', () => {
  it('commits the end of every partition of a topic created a moment before', async () => {
    const fresh = uniqueName('testing.fresh');
    const groupId = uniqueName('testing.group');
    const admin = new Kafka({ brokers: testConfig().brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // Not waiting for leaders: the partitions may not have one yet when the offsets are asked.
      await admin.createTopics({
        waitForLeaders: false,
        topics: [{ topic: onCluster(fresh), numPartitions: 8, replicationFactor: 1 }],
      });
      await startGroupAtEnd(groupId, [fresh]);
      const [committed] = await admin.fetchOffsets({
        groupId: onCluster(groupId),
        topics: [onCluster(fresh)],
      });
      expect(committed?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
        [0, 1, 2, 3, 4, 5, 6, 7].map((partition) => [partition, '0']),
      );
    } finally {
      await admin.deleteGroups([onCluster(groupId)]).catch(() => undefined);
      await admin.disconnect();
      await deleteTopics([fresh]);
    }
  }, 60_000);
});

describe('publishEvents', () => {
  it('writes CloudEvents keyed by their subject, with the CloudEvents content type', async () => {
    const reader = await startReader(topic, { startAt: 'end' });
    const subject = uniqueName('complaint');
    await publishEvents(topic, [
      cloudEvent('/redress/triage', 'ComplaintTriaged', subject, { department: 'quality' }),
      cloudEvent('/redress/triage', 'ComplaintEscalated', subject, {}, 2),
    ]);
    const read = await reader.waitForMessages((m) => m.key === subject, 2);
    expect(read.map((m) => (m.json as { type: string }).type)).toEqual([
      'ComplaintTriaged',
      'ComplaintEscalated',
    ]);
    expect(read[0]?.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
  });
});
