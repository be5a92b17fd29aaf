import { deadLetterTopic, retryTopic } from '@redress/contracts';
import {
  deadLetterReplayGroup,
  DeadLetterTopicNotFound,
  listDeadLetters,
  PoisonMessage,
  replayDeadLetters,
  ReplayInProgress,
  type InboundMessage,
} from '../src';
import {
  committedOffsets,
  createTopic,
  header,
  plainKafka,
  produce,
  readTopic,
  testKafka,
  topicSize,
  seq,
  uniqueName,
  useFixtures,
  waitFor,
  type LogLine,
} from './support';

jest.setTimeout(60_000);

const plain = plainKafka();
const { newTopic, newGroup, consumer } = useFixtures(plain, (groupId) => [
  deadLetterReplayGroup(groupId),
]);

const event = (n: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ type: 'ComplaintRegistered', n, ...extra });

/** Offsets committed by `groupId` on `topic`, summed over its partitions. */
async function totalCommitted(groupId: string, topic: string): Promise<number> {
  const offsets = await committedOffsets(plain, groupId, topic);
  return Object.values(offsets).reduce((sum, offset) => sum + Math.max(offset, 0), 0);
}

/** Dead letters as the consumer writes them, for tests that need no failing consumer. */
function deadLetterHeaders(originalTopic: string | undefined, offset: number) {
  return {
    ce_id: `e-${offset}`,
    ...(originalTopic === undefined ? {} : { 'x-dlq-original-topic': originalTopic }),
    'x-dlq-original-partition': '0',
    'x-dlq-original-offset': String(offset),
    'x-dlq-error': 'unknown schemaversion 9',
    'x-dlq-error-type': 'PoisonMessage',
    'x-dlq-attempts': '1',
    'x-dlq-failed-at': '2026-03-01T08:00:00.000Z',
  };
}

async function seedDeadLetters(
  groupId: string,
  originals: Array<string | undefined>,
): Promise<string> {
  const dlq = deadLetterTopic(groupId);
  await createTopic(plain, dlq);
  await produce(
    plain,
    dlq,
    originals.map((originalTopic, n) => ({
      key: `complaint-${n}`,
      value: event(n),
      headers: deadLetterHeaders(originalTopic, n),
    })),
  );
  return dlq;
}

describe('dead-letter replay', () => {
  it('replays a dead letter through the retry topic of the group that failed it, once, and no other group sees the copy', async () => {
    const topic = await newTopic(2);
    const failing = newGroup();
    const strictBystander = newGroup();
    const concurrentBystander = newGroup();
    const marker = 'customer-wrote-this-text';
    await produce(plain, topic, [
      { key: 'complaint-1', value: event(1) },
      { key: 'complaint-2', value: event(2, { description: marker }), headers: { ce_id: 'e-2' } },
      { key: 'complaint-3', value: event(3) },
    ]);

    let fixed = false;
    const handledByFailing: InboundMessage[] = [];
    let poisoned: InboundMessage | undefined;
    const failingConsumer = consumer({
      groupId: failing,
      topics: [topic],
      deadLetter: { partitions: 2 },
      handle: async (m) => {
        if (seq(m) === 2 && !fixed) {
          poisoned = m;
          throw new PoisonMessage('unknown schemaversion 9');
        }
        handledByFailing.push(m);
      },
    });
    const bystanders = [
      { groupId: strictBystander, keyConcurrency: 1 },
      { groupId: concurrentBystander, keyConcurrency: 4 },
    ].map(({ groupId, keyConcurrency }) => {
      const calls: number[] = [];
      const member = consumer({
        groupId,
        topics: [topic],
        keyConcurrency,
        handle: async (m) => void calls.push(seq(m)),
      });
      return { groupId, member, calls };
    });
    await failingConsumer.start();
    for (const { member } of bystanders) await member.start();
    await waitFor('the poison record dead-lettered', () => {
      return failingConsumer.stats().deadLettered === 1 && handledByFailing.length === 2;
    });
    for (const { calls } of bystanders) {
      await waitFor('every record handled by the bystanders', () => calls.length === 3);
    }
    const original = poisoned!;

    const logs: LogLine[] = [];
    const kafka = testKafka(logs);
    const listed = await listDeadLetters(kafka, failing);
    expect(listed).toEqual([
      {
        partition: expect.any(Number),
        offset: '0',
        key: 'complaint-2',
        originalTopic: topic,
        originalPartition: original.partition,
        originalOffset: original.offset,
        error: 'unknown schemaversion 9',
        errorType: 'PoisonMessage',
        attempts: 1,
        failedAt: expect.any(String),
        type: 'ComplaintRegistered',
      },
    ]);
    expect(Date.parse(listed[0]!.failedAt!)).not.toBeNaN();
    expect(await listDeadLetters(kafka, failing)).toHaveLength(1);
    expect(
      await committedOffsets(plain, deadLetterReplayGroup(failing), deadLetterTopic(failing)),
    ).toEqual({ 0: -1, 1: -1 });

    fixed = true;
    expect(await replayDeadLetters(kafka, failing)).toEqual({
      dryRun: false,
      replayed: 1,
      skipped: [],
    });

    const replayed = await waitFor('the failing group to handle the replayed copy', () =>
      handledByFailing.find((m) => seq(m) === 2),
    );
    expect(replayed.key).toBe('complaint-2');
    expect(replayed.topic).toBe(topic);
    expect(replayed.raw?.equals(original.raw!)).toBe(true);
    expect(replayed.headers).toEqual({
      ce_id: 'e-2',
      'x-replay-for-group': failing,
      'x-replay-original-topic': topic,
      'x-replayed-from': `${deadLetterTopic(failing)}/${listed[0]!.partition}/0`,
    });
    // The copy went to the failing group's own retry topic: the shared topic is untouched and
    // the other groups, which handled the original, never see it.
    expect(await topicSize(plain, topic)).toBe(3);
    expect(await topicSize(plain, retryTopic(failing))).toBe(1);
    for (const { groupId, member, calls } of bystanders) {
      expect(await totalCommitted(groupId, topic)).toBe(3);
      expect([...calls].sort((a, b) => a - b)).toEqual([1, 2, 3]);
      expect(member.stats()).toMatchObject({ handled: 3, deadLettered: 0, skippedReplays: 0 });
    }
    expect(failingConsumer.stats()).toMatchObject({
      handled: 3,
      deadLettered: 1,
      skippedReplays: 0,
    });

    expect(await replayDeadLetters(kafka, failing)).toEqual({
      dryRun: false,
      replayed: 0,
      skipped: [],
    });
    expect(await listDeadLetters(kafka, failing)).toEqual([]);
    expect(await topicSize(plain, retryTopic(failing))).toBe(1);
    expect(await totalCommitted(deadLetterReplayGroup(failing), deadLetterTopic(failing))).toBe(1);
    expect(JSON.stringify(logs)).not.toContain(marker);
  });

  it('in a dry run writes and commits nothing, and a record without its original topic is skipped yet committed', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const dlq = await seedDeadLetters(groupId, [topic, undefined, topic]);
    const kafka = testKafka();

    expect(await replayDeadLetters(kafka, groupId, { dryRun: true })).toEqual({
      dryRun: true,
      replayed: 2,
      skipped: [
        { partition: 0, offset: '1', reason: expect.stringMatching(/x-dlq-original-topic/) },
      ],
    });
    expect(await committedOffsets(plain, deadLetterReplayGroup(groupId), dlq)).toEqual({ 0: -1 });
    expect(await listDeadLetters(kafka, groupId)).toHaveLength(3);

    // The group's consumer never ran: the replay creates its retry topic.
    const result = await replayDeadLetters(kafka, groupId);
    expect(result).toMatchObject({ dryRun: false, replayed: 2, skipped: [{ offset: '1' }] });
    expect(await topicSize(plain, topic)).toBe(0);
    const copies = await readTopic(plain, retryTopic(groupId), 2);
    expect(copies.map((copy) => header(copy, 'x-replay-original-topic'))).toEqual([topic, topic]);
    expect(copies.map((copy) => copy.key?.toString()).sort()).toEqual([
      'complaint-0',
      'complaint-2',
    ]);
    expect(await committedOffsets(plain, deadLetterReplayGroup(groupId), dlq)).toEqual({ 0: 3 });
    expect(await listDeadLetters(kafka, groupId)).toEqual([]);
  });

  it('with a limit, lists and replays only the first dead letters, and the next run goes on from there', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    await seedDeadLetters(groupId, [topic, topic, topic]);
    const kafka = testKafka();

    const firstTwo = await listDeadLetters(kafka, groupId, { limit: 2 });
    expect(firstTwo.map((d) => d.offset)).toEqual(['0', '1']);
    expect(await replayDeadLetters(kafka, groupId, { limit: 2 })).toMatchObject({ replayed: 2 });
    expect((await listDeadLetters(kafka, groupId)).map((d) => d.offset)).toEqual(['2']);
    expect(await replayDeadLetters(kafka, groupId, { limit: 2 })).toMatchObject({ replayed: 1 });
    expect(await topicSize(plain, retryTopic(groupId))).toBe(3);
    await expect(listDeadLetters(kafka, groupId, { limit: 0 })).rejects.toThrow(
      /limit must be a positive integer, got 0/,
    );
  });

  it('names the dead-letter topic of a group that has none', async () => {
    const groupId = uniqueName('test.messaging.group');
    const kafka = testKafka();
    const expected = `dead-letter topic complaints.dlq.${groupId} does not exist`;
    await expect(listDeadLetters(kafka, groupId)).rejects.toThrow(DeadLetterTopicNotFound);
    await expect(listDeadLetters(kafka, groupId)).rejects.toThrow(expected);
    await expect(replayDeadLetters(kafka, groupId)).rejects.toThrow(expected);
  });

  it('refuses to run while another replay of the same group is running', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const dlq = await seedDeadLetters(groupId, [topic]);
    const other = plain.consumer({ groupId: deadLetterReplayGroup(groupId), maxWaitTimeInMs: 100 });
    await other.connect();
    try {
      let joined = false;
      other.on(other.events.GROUP_JOIN, () => {
        joined = true;
      });
      await other.subscribe({ topics: [dlq] });
      await other.run({ autoCommit: false, eachMessage: async () => undefined });
      await waitFor('the other replay to join', () => joined);

      await expect(replayDeadLetters(testKafka(), groupId)).rejects.toThrow(ReplayInProgress);
    } finally {
      await other.disconnect();
    }
    expect(await committedOffsets(plain, deadLetterReplayGroup(groupId), dlq)).toEqual({ 0: -1 });
  });
});
