import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Injectable, Module, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { deadLetterTopic, retryTopic, type CloudEvent } from '@redress/contracts';
import { createKafka, EventPublisher, PoisonMessage, type KafkaClient } from '@redress/messaging';
import { KafkaEventContext, KafkaEventTransport } from '@redress/nest-messaging';
import { deleteTopics, testConfig, TopicReader, waitFor } from '@redress/testing';
import { AuthModule, createServiceApp, initServiceApp, LoggingModule } from '../src';

jest.setTimeout(90_000);

// This run's own namespace within the tests' one, so the contract-like names below are ours.
const PREFIX = `${testConfig().topicPrefix}platform-${randomBytes(4).toString('hex')}.`;
const TOPIC = 'complaints.intake.v1';
const GROUP = 'platform-events';

@Injectable()
class Received {
  readonly keys: Array<string | null> = [];
}

@Controller()
class SampleEventsController {
  constructor(private readonly received: Received) {}

  @EventPattern('ComplaintRegistered')
  registered(@Ctx() context: KafkaEventContext): void {
    this.received.keys.push(context.getKey());
  }

  @EventPattern('ComplaintWithdrawn')
  withdrawn(): never {
    throw new PoisonMessage('withdrawn before it was registered');
  }
}

function kafkaClient(): KafkaClient {
  return createKafka({
    brokers: testConfig().brokers,
    clientId: 'platform-events-test',
    topicPrefix: PREFIX,
    logger: () => undefined,
  });
}

@Module({
  // The global JWT guard, as every service has: it must not stand between Kafka and a handler.
  imports: [
    LoggingModule.forRoot({ service: 'sample', level: 'warn', destination: { write: () => true } }),
    AuthModule.forRoot({ jwtSecret: randomBytes(32).toString('base64url') }),
  ],
  controllers: [SampleEventsController],
  providers: [
    Received,
    {
      provide: KafkaEventTransport,
      useFactory: () =>
        new KafkaEventTransport(kafkaClient(), {
          groupId: GROUP,
          topics: [TOPIC],
          createTopics: { partitions: 1, replicationFactor: 1 },
        }),
    },
  ],
})
class SampleEventsModule {}

function event(type: string, subject: string): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/test',
    type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion: 1,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'redress',
    data: {},
  };
}

describe('a service with inbound events, booted by the platform', () => {
  let app: INestApplication;
  let publisher: EventPublisher;
  let deadLetters: TopicReader | undefined;
  let closed = false;

  beforeAll(async () => {
    app = await createServiceApp(SampleEventsModule, { service: 'sample', openApi: false });
    await initServiceApp(app);
    await app.get(KafkaEventTransport).consuming();
    publisher = new EventPublisher(kafkaClient(), { topic: TOPIC });
    await publisher.connect();
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await publisher?.disconnect();
    if (!closed) await app?.close();
    await deleteTopics([TOPIC, deadLetterTopic(GROUP), retryTopic(GROUP)], { topicPrefix: PREFIX });
  });

  it('serves the module’s @EventPattern handlers from Kafka, the HTTP guard notwithstanding', async () => {
    const key = randomUUID();
    await publisher.publish([event('ComplaintRegistered', key)]);

    await waitFor(() => app.get(Received).keys.includes(key), {
      description: 'the registration to reach its handler',
      timeoutMs: 30_000,
    });
  });

  it('hands a handler’s PoisonMessage to the consumer as it is: dead-lettered at once', async () => {
    deadLetters = await TopicReader.start(deadLetterTopic(GROUP), { topicPrefix: PREFIX });
    const key = randomUUID();
    await publisher.publish([event('ComplaintWithdrawn', key)]);

    const [dead] = await deadLetters.waitForMessages((m) => m.key === key, 1, 30_000);
    expect(dead!.headers['x-dlq-error-type']).toBe('PoisonMessage');
    expect(dead!.headers['x-dlq-attempts']).toBe('1');
  });

  it('stops the consumer when the application closes', async () => {
    const transport = app.get(KafkaEventTransport);
    expect(transport.state).toBe('running');

    closed = true;
    await app.close();

    expect(transport.state).toBe('stopped');
  });
});
