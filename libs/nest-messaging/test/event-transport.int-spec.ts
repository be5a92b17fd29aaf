import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Injectable, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { deadLetterTopic, retryTopic, type CloudEvent } from '@redress/contracts';
import {
  createKafka,
  EventPublisher,
  PoisonMessage,
  type KafkaClient,
  type KafkaLogFn,
} from '@redress/messaging';
import { deleteTopics, testConfig, TopicReader, waitFor } from '@redress/testing';
import { connectEventTransport, KafkaEventContext, KafkaEventTransport } from '../src';

jest.setTimeout(90_000);

// A namespace of this run's own inside the tests' one: the contract's names are used as they
// are, and nothing another run (or another developer's) writes under them is ever read here.
const PREFIX = `${testConfig().topicPrefix}nest-${randomBytes(4).toString('hex')}.`;
const INTAKE = 'complaints.intake.v1';
const FOLLOWUP = 'complaints.followup.v1';
const GROUP = 'events-under-test';
const MAX_ATTEMPTS = 3;

class Transient extends Error {}

interface Seen {
  handler: string;
  key: string | null;
  topic: string;
  seq: number;
  attempt: number;
}

/** What the handlers saw, injected into the controller like any other provider. */
@Injectable()
class SeenEvents {
  readonly list: Seen[] = [];

  add(handler: string, value: unknown, context: KafkaEventContext): void {
    this.list.push({
      handler,
      key: context.getKey(),
      topic: context.getTopic(),
      seq: (value as CloudEvent<string, { seq: number }>).data.seq,
      attempt: context.getAttempt(),
    });
  }

  of(handler: string): Seen[] {
    return this.list.filter((seen) => seen.handler === handler);
  }
}

@Controller()
class ComplaintEventsController {
  constructor(private readonly seen: SeenEvents) {}

  @EventPattern('ComplaintAmended')
  async amended(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<void> {
    // Takes a little while, unevenly: records of different keys overtake each other.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
    this.seen.add('amended', event, context);
  }

  @EventPattern('ComplaintWithdrawn')
  withdrawn(@Payload() event: unknown, @Ctx() context: KafkaEventContext): never {
    this.seen.add('withdrawn', event, context);
    throw new Transient('the withdrawal table is locked');
  }

  @EventPattern('DuplicateComplaintLinked')
  async linked(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<void> {
    this.seen.add('linked', event, context);
    throw new PoisonMessage('linked to a complaint that was never registered');
  }

  @EventPattern('ComplaintClosed')
  closed(@Payload() event: unknown, @Ctx() context: KafkaEventContext): void {
    this.seen.add('closed', event, context);
  }

  @EventPattern({ topic: FOLLOWUP, type: 'ComplaintClosed' })
  closedByFollowUp(@Payload() event: unknown, @Ctx() context: KafkaEventContext): void {
    this.seen.add('closedByFollowUp', event, context);
  }
}

function event(type: string, subject: string, seq: number): CloudEvent<string, { seq: number }> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/test',
    type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion: seq,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'redress',
    data: { seq },
  };
}

const kafkaLog: Array<{ level: string; message: string }> = [];
const logger: KafkaLogFn = (level, message) => kafkaLog.push({ level, message });
let kafka: KafkaClient;
let app: INestApplication;
let transport: KafkaEventTransport;
let seen: SeenEvents;
let dlq: TopicReader | undefined;
let closed = false;
const publishers = new Map<string, EventPublisher>();

async function publish(topic: string, events: CloudEvent[]): Promise<void> {
  let publisher = publishers.get(topic);
  if (publisher === undefined) {
    publisher = new EventPublisher(kafka, { topic });
    await publisher.connect();
    publishers.set(topic, publisher);
  }
  await publisher.publish(events);
}

beforeAll(async () => {
  kafka = createKafka({
    brokers: testConfig().brokers,
    clientId: 'nest-messaging-test',
    topicPrefix: PREFIX,
    logger,
  });
  const moduleRef = await Test.createTestingModule({
    controllers: [ComplaintEventsController],
    providers: [
      SeenEvents,
      {
        provide: KafkaEventTransport,
        useFactory: () =>
          new KafkaEventTransport(kafka, {
            groupId: GROUP,
            topics: [INTAKE, FOLLOWUP],
            createTopics: { partitions: 3, replicationFactor: 1 },
            keyConcurrency: 4,
            maxAttempts: MAX_ATTEMPTS,
            backoff: { initialMs: 20, maxMs: 80 },
          }),
      },
    ],
  }).compile();
  app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
  // The topics do not exist yet: the transport creates them, as a service started before the
  // services whose topics it reads.
  transport = app.get(KafkaEventTransport);
  connectEventTransport(app, transport);
  await app.init();
  await app.startAllMicroservices();
  await transport.consuming();
  seen = app.get(SeenEvents);
});

afterAll(async () => {
  await dlq?.stop();
  await Promise.all([...publishers.values()].map((publisher) => publisher.disconnect()));
  if (!closed) await app?.close();
  await deleteTopics([INTAKE, FOLLOWUP, deadLetterTopic(GROUP), retryTopic(GROUP)], {
    topicPrefix: PREFIX,
  });
});

async function deadLetters(): Promise<TopicReader> {
  dlq ??= await TopicReader.start(deadLetterTopic(GROUP), { topicPrefix: PREFIX });
  return dlq;
}

describe('KafkaEventTransport on a real broker', () => {
  it('hands each complaint’s events to the handler in the order they were written', async () => {
    const keys = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const written = [];
    for (let seq = 1; seq <= 6; seq++) {
      for (const key of keys) written.push(event('ComplaintAmended', key, seq));
    }
    await publish(INTAKE, written);

    await waitFor(
      () => keys.every((key) => seen.of('amended').filter((s) => s.key === key).length === 6),
      {
        description: 'every amendment to be handled',
        timeoutMs: 30_000,
      },
    );
    for (const key of keys) {
      const order = seen
        .of('amended')
        .filter((s) => s.key === key)
        .map((s) => s.seq);
      expect(order).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(seen.of('amended').every((s) => s.topic === INTAKE && s.attempt === 1)).toBe(true);
  });

  it('retries a handler that keeps throwing, then dead-letters its event with the error', async () => {
    const reader = await deadLetters();
    const key = randomUUID();
    await publish(INTAKE, [event('ComplaintWithdrawn', key, 1)]);

    const [dead] = await reader.waitForMessages((m) => m.key === key, 1, 30_000);
    expect(dead!.headers['x-dlq-attempts']).toBe(String(MAX_ATTEMPTS));
    expect(dead!.headers['x-dlq-error']).toBe('the withdrawal table is locked');
    expect(dead!.headers['x-dlq-error-type']).toBe('Transient');
    expect(dead!.headers['x-dlq-original-topic']).toBe(INTAKE);
    expect(
      seen
        .of('withdrawn')
        .filter((s) => s.key === key)
        .map((s) => s.attempt),
    ).toEqual([1, 2, 3]);
  });

  it('dead-letters a poison message at once, and handles the complaint’s next event', async () => {
    const reader = await deadLetters();
    const key = randomUUID();
    await publish(INTAKE, [
      event('DuplicateComplaintLinked', key, 1),
      event('ComplaintAmended', key, 2),
    ]);

    const [dead] = await reader.waitForMessages((m) => m.key === key, 1, 30_000);
    expect(dead!.headers['x-dlq-attempts']).toBe('1');
    expect(dead!.headers['x-dlq-error-type']).toBe('PoisonMessage');
    expect(dead!.headers['x-dlq-error']).toBe('linked to a complaint that was never registered');
    await waitFor(() => seen.of('amended').some((s) => s.key === key), {
      description: 'the event after the poison message to be handled',
    });
    expect(
      seen
        .of('linked')
        .filter((s) => s.key === key)
        .map((s) => s.attempt),
    ).toEqual([1]);
  });

  it('ignores an event type no handler takes, and goes on with the complaint’s events', async () => {
    const key = randomUUID();
    const ignoredBefore = transport.stats().ignored;
    await publish(INTAKE, [event('SlaBreached', key, 1), event('ComplaintAmended', key, 2)]);

    await waitFor(() => seen.of('amended').some((s) => s.key === key), {
      description: 'the event after the unknown one to be handled',
    });
    expect(transport.stats().ignored).toBe(ignoredBefore + 1);
    expect(seen.list.filter((s) => s.key === key).map((s) => s.handler)).toEqual(['amended']);
    expect((dlq?.messages ?? []).filter((m) => m.key === key)).toEqual([]);
  });

  it('reads and writes in its namespace, and shows handlers the contract’s topic names', async () => {
    const key = randomUUID();
    await publish(INTAKE, [event('ComplaintClosed', key, 1)]);
    await publish(FOLLOWUP, [event('ComplaintClosed', key, 2)]);

    await waitFor(() => seen.list.filter((s) => s.key === key).length === 2, {
      description: 'both closures to be handled',
    });
    expect(
      seen.list
        .filter((s) => s.key === key)
        .map((s) => [s.handler, s.topic])
        .sort(),
    ).toEqual([
      ['closed', INTAKE],
      ['closedByFollowUp', FOLLOWUP],
    ]);

    // kafkajs itself, which sees the names as they are on the cluster.
    const admin = kafka.kafkajs.admin();
    await admin.connect();
    try {
      const onCluster = await admin.listTopics();
      const ours = [INTAKE, FOLLOWUP, deadLetterTopic(GROUP), retryTopic(GROUP)];
      expect(ours.every((topic) => onCluster.includes(PREFIX + topic))).toBe(true);
      expect(onCluster).not.toContain(deadLetterTopic(GROUP));
      expect(onCluster).not.toContain(retryTopic(GROUP));
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
      expect(groups).toContain(PREFIX + GROUP);
      expect(groups).not.toContain(GROUP);
    } finally {
      await admin.disconnect();
    }
  });

  it('stops its consumer gracefully when the application closes', async () => {
    expect(transport.state).toBe('running');
    closed = true;
    await app.close();
    expect(transport.state).toBe('stopped');
  });
});
