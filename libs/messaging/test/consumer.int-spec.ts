import { deadLetterTopic } from '@redress/contracts';
import { DatabaseUnavailable } from '@redress/event-store';
import { EventConsumer, PoisonMessage, type InboundMessage } from '../src';
import {
  committedOffsets,
  header,
  plainKafka,
  produce,
  readTopic,
  testKafka,
  topicSize,
  seq,
  useFixtures,
  waitFor,
  type LogLine,
} from './support';

jest.setTimeout(60_000);

class TransientFailure extends Error {}

const plain = plainKafka();
const FAST = { maxAttempts: 5, backoff: { initialMs: 10, maxMs: 40 } };
const { newTopic, newGroup, consumer } = useFixtures(plain);

const json = (n: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ n, ...extra });

async function totalCommitted(groupId: string, topic: string): Promise<number> {
  const offsets = await committedOffsets(plain, groupId, topic);
  return Object.values(offsets).reduce((sum, offset) => sum + Math.max(offset, 0), 0);
}

describe('EventConsumer', () => {
  it('commits what it handled, and a new member of the group resumes after it without loss or re-delivery', async () => {
    const topic = await newTopic(2);
    const groupId = newGroup();
    await produce(
      plain,
      topic,
      [1, 2, 3, 4, 5, 6].map((n) => ({ key: `complaint-${n % 3}`, value: json(n) })),
    );

    const seenByFirst: number[] = [];
    const first = consumer({
      groupId,
      topics: [topic],
      handle: async (m) => void seenByFirst.push(seq(m)),
    });
    await first.start();
    await waitFor('the first member to handle 6 messages', () => seenByFirst.length === 6);
    await first.stop();

    expect(first.state).toBe('stopped');
    expect(await totalCommitted(groupId, topic)).toBe(6);

    await produce(
      plain,
      topic,
      [7, 8, 9, 10].map((n) => ({ key: `complaint-${n % 3}`, value: json(n) })),
    );
    const seenBySecond: number[] = [];
    const second = consumer({
      groupId,
      topics: [topic],
      handle: async (m) => void seenBySecond.push(seq(m)),
    });
    await second.start();
    await waitFor('the second member to handle 4 messages', () => seenBySecond.length >= 4);
    await second.stop();

    expect([...seenByFirst].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...seenBySecond].sort((a, b) => a - b)).toEqual([7, 8, 9, 10]);
    expect(await totalCommitted(groupId, topic)).toBe(10);
  });

  it('tells when it has joined its group, and says so when it does not in time', async () => {
    const topic = await newTopic(2);
    const seen: number[] = [];
    const member = consumer({
      groupId: newGroup(),
      topics: [topic],
      handle: async (m) => void seen.push(seq(m)),
    });
    await expect(member.joined(200)).rejects.toThrow(/did not join its group within 200 ms/);
    await member.start();
    await member.joined(30_000);
    await produce(plain, topic, [{ key: 'complaint-new', value: json(2) }]);
    await waitFor('the member to handle the new message', () => seen.length === 1);
    expect(seen).toEqual([2]);
    await member.stop();
  });

  it("keeps each key's order while earlier messages are retried", async () => {
    const topic = await newTopic(3);
    const groupId = newGroup();
    const keys = ['complaint-a', 'complaint-b', 'complaint-c', 'complaint-d'];
    await produce(
      plain,
      topic,
      [1, 2, 3, 4, 5].flatMap((n) => keys.map((key) => ({ key, value: json(n) }))),
    );
    const journal: string[] = [];
    const handle = async (m: InboundMessage): Promise<void> => {
      const n = seq(m);
      journal.push(`start ${m.key} ${n}`);
      // Messages 1 and 3 of every key fail twice before they go through.
      if ((n === 1 || n === 3) && m.attempt <= 2) throw new TransientFailure('deadlock detected');
      journal.push(`done ${m.key} ${n}`);
    };
    const subject = consumer({
      groupId,
      topics: [topic],
      handle,
      ...FAST,
      partitionsConsumedConcurrently: 3,
    });

    await subject.start();
    await waitFor(
      'every message handled',
      () => journal.filter((l) => l.startsWith('done')).length === 20,
    );

    for (const key of keys) {
      const done = journal.filter((l) => l.startsWith(`done ${key} `));
      expect(done).toEqual([1, 2, 3, 4, 5].map((n) => `done ${key} ${n}`));
      for (const n of [1, 2, 3, 4]) {
        const finished = journal.indexOf(`done ${key} ${n}`);
        const nextStarted = journal.indexOf(`start ${key} ${n + 1}`);
        expect(nextStarted).toBeGreaterThan(finished);
      }
    }
    expect(subject.stats()).toMatchObject({ handled: 20, retried: 16, deadLettered: 0 });
  });

  it('retries a transient failure with back-off until it succeeds, without dead-lettering', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    await produce(plain, topic, [{ key: 'complaint-t', value: json(1) }]);
    const attempts: number[] = [];
    const subject = consumer({
      groupId,
      topics: [topic],
      ...FAST,
      handle: async (m) => {
        attempts.push(m.attempt);
        if (m.attempt < 3) throw new TransientFailure('connection terminated unexpectedly');
      },
    });

    await subject.start();
    await waitFor('the third attempt', () => subject.stats().handled === 1);
    await subject.stop();

    expect(attempts).toEqual([1, 2, 3]);
    expect(subject.stats()).toMatchObject({ handled: 1, retried: 2, deadLettered: 0 });
    expect(await totalCommitted(groupId, topic)).toBe(1);
    expect(await topicSize(plain, deadLetterTopic(groupId))).toBe(0);
  });

  it('retries a message through a database outage without using up its attempts, and never dead-letters it', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    await produce(plain, topic, [{ key: 'complaint-o', value: json(1) }]);
    const outageTries = FAST.maxAttempts * 2;
    const attempts: number[] = [];
    const subject = consumer({
      groupId,
      topics: [topic],
      ...FAST,
      handle: async (m) => {
        attempts.push(m.attempt);
        if (attempts.length <= outageTries) {
          throw new DatabaseUnavailable('08001', {
            cause: Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }),
          });
        }
        // After the outage an ordinary failure still counts from the first attempt.
        if (attempts.length === outageTries + 1) throw new TransientFailure('deadlock');
      },
    });

    await subject.start();
    await waitFor('the message handled once the database is back', () => {
      return subject.stats().handled === 1;
    });
    await subject.stop();

    expect(attempts).toEqual([...Array<number>(outageTries + 1).fill(1), 2]);
    expect(subject.stats()).toMatchObject({ handled: 1, deadLettered: 0 });
    expect(await totalCommitted(groupId, topic)).toBe(1);
    expect(await topicSize(plain, deadLetterTopic(groupId))).toBe(0);
  });

  it('passes over, unread, a record whose ce_type header names a type it does not want, and handles the rest', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const typed = (type: string) => ({ ce_type: type });
    await produce(plain, topic, [
      { key: 'complaint-w', value: json(1), headers: typed('ComplaintRegistered') },
      // Not even JSON: read, it would be dead-lettered; passed over, it costs nothing.
      {
        key: 'complaint-w',
        value: '{"policy": [unterminated',
        headers: typed('TriagePolicyChanged'),
      },
      { key: 'complaint-w', value: json(3) },
      { key: 'complaint-w', value: json(4), headers: typed('ComplaintRegistered') },
    ]);
    const seen: number[] = [];
    const asked: string[] = [];
    const subject = consumer({
      groupId,
      topics: [topic],
      ...FAST,
      handle: async (m) => void seen.push(seq(m)),
      wants: (from, type) => {
        asked.push(`${from} ${type}`);
        return type === 'ComplaintRegistered';
      },
    });
    await subject.start();
    await waitFor('the wanted and untyped records handled', () => seen.length === 3);
    await subject.stop();

    expect(await totalCommitted(groupId, topic)).toBe(4);
    expect(seen).toEqual([1, 3, 4]);
    expect(asked).toEqual([
      `${topic} ComplaintRegistered`,
      `${topic} TriagePolicyChanged`,
      `${topic} ComplaintRegistered`,
    ]);
    expect(subject.stats()).toMatchObject({ handled: 3, passedOver: 1, deadLettered: 0 });
    expect(await topicSize(plain, deadLetterTopic(groupId))).toBe(0);
  });

  it('dead-letters poison messages at once, untouched, and moves the partition on', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const invalid = Buffer.from('{"n": 2, "title": "unterminated');
    await produce(plain, topic, [
      {
        key: 'complaint-p',
        value: json(1, { schemaversion: 99 }),
        headers: { traceparent: 't-1' },
      },
      { key: 'complaint-q', value: invalid, headers: { traceparent: 't-2', ce_id: 'e-2' } },
      { key: 'complaint-r', value: json(3) },
    ]);
    const calls: Array<[number, number]> = [];
    const subject = consumer({
      groupId,
      topics: [topic],
      ...FAST,
      handle: async (m) => {
        const n = seq(m);
        calls.push([n, m.attempt]);
        if (n === 1) throw new PoisonMessage('unknown schemaversion 99');
      },
    });

    await subject.start();
    await waitFor('the message after the poison ones', () => calls.some(([n]) => n === 3));
    await subject.stop();

    expect(calls).toEqual([
      [1, 1],
      [3, 1],
    ]);
    expect(await totalCommitted(groupId, topic)).toBe(3);
    const dead = await readTopic(plain, deadLetterTopic(groupId), 2);
    dead.sort(
      (a, b) =>
        Number(header(a, 'x-dlq-original-offset')) - Number(header(b, 'x-dlq-original-offset')),
    );
    const [schemaless, unparsable] = dead;
    expect(schemaless!.key?.toString()).toBe('complaint-p');
    expect(schemaless!.value?.toString()).toBe(json(1, { schemaversion: 99 }));
    expect(unparsable!.key?.toString()).toBe('complaint-q');
    expect(unparsable!.value?.equals(invalid)).toBe(true);
    expect(header(unparsable!, 'ce_id')).toBe('e-2');
    for (const [record, offset, error, trace] of [
      [schemaless!, '0', 'unknown schemaversion 99', 't-1'],
      [unparsable!, '1', 'value is not valid JSON', 't-2'],
    ] as const) {
      expect(header(record, 'traceparent')).toBe(trace);
      expect(header(record, 'x-dlq-error')).toContain(error);
      expect(header(record, 'x-dlq-error-type')).toBe('PoisonMessage');
      expect(header(record, 'x-dlq-attempts')).toBe('1');
      expect(header(record, 'x-dlq-original-topic')).toBe(topic);
      expect(header(record, 'x-dlq-original-partition')).toBe('0');
      expect(header(record, 'x-dlq-original-offset')).toBe(offset);
      expect(header(record, 'x-dlq-consumer-group')).toBe(groupId);
      expect(Date.parse(header(record, 'x-dlq-failed-at') ?? '')).not.toBeNaN();
    }
  });

  it('dead-letters a message that keeps failing after maxAttempts, and logs without its value', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const marker = 'customer-wrote-this-text';
    await produce(plain, topic, [
      { key: 'complaint-f', value: json(1, { description: marker }) },
      { key: 'complaint-g', value: json(2) },
    ]);
    const logs: LogLine[] = [];
    const attemptsOfFirst: number[] = [];
    const handled: number[] = [];
    const subject = consumer(
      {
        groupId,
        topics: [topic],
        maxAttempts: 3,
        backoff: { initialMs: 10, maxMs: 20 },
        handle: async (m) => {
          const n = seq(m);
          if (n === 1) {
            attemptsOfFirst.push(m.attempt);
            throw new TransientFailure('database unavailable');
          }
          handled.push(n);
        },
      },
      logs,
    );

    await subject.start();
    await waitFor('the message after the failing one', () => handled.includes(2));
    await subject.stop();

    expect(attemptsOfFirst).toEqual([1, 2, 3]);
    const [dead] = await readTopic(plain, deadLetterTopic(groupId), 1);
    expect(dead!.key?.toString()).toBe('complaint-f');
    expect(header(dead!, 'x-dlq-attempts')).toBe('3');
    expect(header(dead!, 'x-dlq-error-type')).toBe('TransientFailure');
    expect(header(dead!, 'x-dlq-error')).toBe('database unavailable');
    expect(await totalCommitted(groupId, topic)).toBe(2);
    expect(logs.filter((l) => l.message.includes('retrying'))).toHaveLength(2);
    expect(
      logs.some((l) => l.level === 'error' && l.message === 'Kafka message dead-lettered'),
    ).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(marker);
  });

  it('by default handles the records of a partition one at a time, in offset order, whatever their keys', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const keys = ['complaint-a', 'complaint-b', null, 'complaint-c'];
    const numbers = Array.from({ length: 12 }, (_, i) => i + 1);
    await produce(
      plain,
      topic,
      numbers.map((n) => ({ key: keys[n % keys.length] ?? null, value: json(n) })),
    );
    const order: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const subject = consumer({
      groupId,
      topics: [topic],
      handle: async (m) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        order.push(seq(m));
        // Stands for a database round trip, during which a next record could start.
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
      },
    });

    await subject.start();
    await waitFor('every message handled', () => subject.stats().handled === numbers.length);
    await subject.stop();

    expect(mostInFlight).toBe(1);
    expect(order).toEqual(numbers);
    expect(await totalCommitted(groupId, topic)).toBe(numbers.length);
  });

  it('with keyConcurrency, handles records of different keys at the same time and records of one key in offset order', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    const keys = ['complaint-a', 'complaint-b', null, 'complaint-c'];
    const numbers = Array.from({ length: 20 }, (_, i) => i + 1);
    const keyOf = (n: number): string | null => keys[n % keys.length] ?? null;
    await produce(
      plain,
      topic,
      numbers.map((n) => ({ key: keyOf(n), value: json(n) })),
    );

    // A barrier that opens only once two records are in flight at the same time; handled one
    // at a time, they never would be, and the deadline opens it and fails the test instead.
    let openBarrier: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => (openBarrier = resolve));
    let barrierTimedOut = false;
    const deadline = setTimeout(() => {
      barrierTimedOut = true;
      openBarrier();
    }, 10_000);
    let inFlight = 0;
    let mostInFlight = 0;
    const busyKeys = new Set<string | null>();
    const sameKeyOverlaps: number[] = [];
    const doneOfKey = new Map<string | null, number[]>();
    const subject = consumer({
      groupId,
      topics: [topic],
      keyConcurrency: 4,
      handle: async (m) => {
        const n = seq(m);
        if (busyKeys.has(m.key)) sameKeyOverlaps.push(n);
        busyKeys.add(m.key);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        if (inFlight >= 2) openBarrier();
        await barrier;
        // Key a's records are slow, so a next record of that key started too early would find
        // the previous one still in flight.
        await new Promise((resolve) => setTimeout(resolve, m.key === 'complaint-a' ? 20 : 1));
        inFlight -= 1;
        busyKeys.delete(m.key);
        doneOfKey.set(m.key, [...(doneOfKey.get(m.key) ?? []), n]);
      },
    });

    try {
      await subject.start();
      await waitFor('every message handled', () => subject.stats().handled === numbers.length);
      await subject.stop();
    } finally {
      clearTimeout(deadline);
    }

    expect(barrierTimedOut).toBe(false);
    expect(mostInFlight).toBeGreaterThanOrEqual(2);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(sameKeyOverlaps).toEqual([]);
    for (const key of keys) {
      expect(doneOfKey.get(key)).toEqual(numbers.filter((n) => keyOf(n) === key));
    }
    expect(subject.stats()).toMatchObject({ handled: 20, retried: 0, deadLettered: 0 });
    expect(await totalCommitted(groupId, topic)).toBe(numbers.length);
  });

  it('with keyConcurrency, commits no offset past a record still being retried, so the next member gets it again', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    // Offset 2 (message 3) fails twice on each delivery before it goes through; message 6
    // shares its key and must wait for it.
    const keyOf = (n: number): string =>
      ({ 1: 'complaint-a', 2: 'complaint-b', 3: 'complaint-x', 6: 'complaint-x' })[n] ??
      `complaint-${n}`;
    const numbers = Array.from({ length: 10 }, (_, i) => i + 1);
    await produce(
      plain,
      topic,
      numbers.map((n) => ({ key: keyOf(n), value: json(n) })),
    );
    const handle =
      (handled: number[], attemptsOfFailing: number[]) =>
      async (m: InboundMessage): Promise<void> => {
        const n = seq(m);
        if (n === 3) {
          attemptsOfFailing.push(m.attempt);
          if (m.attempt <= 2) throw new TransientFailure('could not serialize access');
        }
        handled.push(n);
      };

    const handledByFirst: number[] = [];
    const attemptsInFirst: number[] = [];
    const first = consumer({
      groupId,
      topics: [topic],
      keyConcurrency: 4,
      maxAttempts: 5,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      handle: handle(handledByFirst, attemptsInFirst),
    });
    await first.start();
    const othersBeforeX = [1, 2, 4, 5, 7, 8, 9, 10];
    await waitFor(
      'every record but those of the failing key handled, and the failing one in back-off',
      () => othersBeforeX.every((n) => handledByFirst.includes(n)) && first.stats().retried === 1,
    );
    await first.stop();

    expect(attemptsInFirst).toEqual([1]);
    expect(handledByFirst).not.toContain(3);
    expect(handledByFirst).not.toContain(6);
    expect(await committedOffsets(plain, groupId, topic)).toEqual({ 0: 2 });

    const handledBySecond: number[] = [];
    const attemptsInSecond: number[] = [];
    const second = consumer({
      groupId,
      topics: [topic],
      keyConcurrency: 4,
      ...FAST,
      handle: handle(handledBySecond, attemptsInSecond),
    });
    await second.start();
    await waitFor('the failing record and its key handled', () => handledBySecond.includes(6));
    await waitFor('every offset committed', async () => {
      return (await totalCommitted(groupId, topic)) === numbers.length;
    });
    await second.stop();

    expect(attemptsInSecond).toEqual([1, 2, 3]);
    expect(handledBySecond.indexOf(3)).toBeLessThan(handledBySecond.indexOf(6));
    expect([...handledBySecond].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set([...handledByFirst, ...handledBySecond])).toEqual(new Set(numbers));
    expect(second.stats()).toMatchObject({ handled: 8, retried: 2, deadLettered: 0 });
  });

  it.each([
    { keyConcurrency: 1, inFlight: [1] },
    { keyConcurrency: 3, inFlight: [1, 2, 3] },
  ])(
    'on stop (keyConcurrency $keyConcurrency), finishes the records in flight, commits them and starts no other',
    async ({ keyConcurrency, inFlight }) => {
      const topic = await newTopic();
      const groupId = newGroup();
      await produce(
        plain,
        topic,
        [1, 2, 3, 4, 5].map((n) => ({ key: `complaint-${n}`, value: json(n) })),
      );
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const started: number[] = [];
      const finished: number[] = [];
      const subject = consumer({
        groupId,
        topics: [topic],
        keyConcurrency,
        handle: async (m) => {
          started.push(seq(m));
          await gate;
          finished.push(seq(m));
        },
      });
      await subject.start();
      await waitFor('the records in flight', () => started.length === inFlight.length);

      const stopped = subject.stop();
      expect(subject.state).toBe('stopping');
      release();
      await stopped;

      expect(started).toEqual(inFlight);
      expect([...finished].sort((x, y) => x - y)).toEqual(inFlight);
      expect(await totalCommitted(groupId, topic)).toBe(inFlight.length);
    },
  );

  it('refuses a keyConcurrency that is not a positive integer', () => {
    const options = { groupId: 'g', topics: ['t'], handle: async () => undefined };
    expect(() => new EventConsumer(testKafka(), { ...options, keyConcurrency: 0 })).toThrow(
      /keyConcurrency must be a positive integer, got 0/,
    );
    expect(() => new EventConsumer(testKafka(), { ...options, keyConcurrency: 2.5 })).toThrow(
      /keyConcurrency must be a positive integer, got 2.5/,
    );
  });

  it('on stop during back-off, gives up the retry and leaves the message to the next member', async () => {
    const topic = await newTopic();
    const groupId = newGroup();
    await produce(plain, topic, [{ key: 'complaint-b', value: json(1) }]);
    const first = consumer({
      groupId,
      topics: [topic],
      maxAttempts: 5,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      handle: async () => {
        throw new TransientFailure('lock timeout');
      },
    });
    await first.start();
    await waitFor('the first failure', () => first.stats().retried === 1);

    const before = Date.now();
    await first.stop();

    // The back-off was at least 30 s; stop did not sit it out.
    expect(Date.now() - before).toBeLessThan(15_000);
    expect(await totalCommitted(groupId, topic)).toBe(0);
    expect(await topicSize(plain, deadLetterTopic(groupId))).toBe(0);

    const handled: number[] = [];
    const second = consumer({
      groupId,
      topics: [topic],
      handle: async (m) => void handled.push(seq(m)),
    });
    await second.start();
    await waitFor('the next member to handle it', () => handled.length === 1);
    expect(handled).toEqual([1]);
  });
});
