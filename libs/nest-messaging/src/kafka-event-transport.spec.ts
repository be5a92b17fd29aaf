import {
  Controller,
  Injectable,
  type INestApplication,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { defer, delay, of, throwError, type Observable } from 'rxjs';
import { InvalidEvent } from '@redress/contracts';
import {
  createKafka,
  isPoisonMessage,
  PoisonMessage,
  type InboundMessage,
} from '@redress/messaging';
import { connectEventTransport } from './connect-event-transport';
import { eventPatternsOf } from './event-patterns-of';
import { KafkaEventContext } from './kafka-event.context';
import { KafkaEventTransport } from './kafka-event-transport';

/** The transport with Kafka left out: Nest registers the handlers, nothing is consumed. */
class DispatchOnly extends KafkaEventTransport {
  protected override startConsuming(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

const INTAKE = 'complaints.intake.v1';
const FOLLOWUP = 'complaints.followup.v1';

interface Call {
  handler: string;
  value: unknown;
  context: KafkaEventContext;
}

class Transient extends Error {}

@Controller()
class ComplaintEvents {
  readonly calls: Call[] = [];
  release: (() => void) | undefined;

  @EventPattern('ComplaintRegistered')
  registered(@Payload() value: unknown, @Ctx() context: KafkaEventContext): string {
    this.calls.push({ handler: 'registered', value, context });
    return 'processed';
  }

  @EventPattern(['ComplaintClosed', 'ComplaintReopened'])
  lifecycle(@Payload() value: unknown, @Ctx() context: KafkaEventContext): void {
    this.calls.push({ handler: 'lifecycle', value, context });
  }

  @EventPattern({ topic: FOLLOWUP, type: 'ComplaintClosed' })
  closedByFollowUp(@Payload() value: unknown, @Ctx() context: KafkaEventContext): void {
    this.calls.push({ handler: 'closedByFollowUp', value, context });
  }

  @EventPattern('ComplaintAmended')
  async amended(@Payload() value: unknown, @Ctx() context: KafkaEventContext): Promise<void> {
    await new Promise<void>((resolve) => (this.release = resolve));
    this.calls.push({ handler: 'amended', value, context });
  }

  @EventPattern('ComplaintWithdrawn')
  withdrawn(): never {
    throw new Transient('the database is restarting');
  }

  @EventPattern('DuplicateComplaintLinked')
  async linked(): Promise<void> {
    throw new PoisonMessage('linked to a complaint that was never registered');
  }

  @EventPattern('ComplaintAcknowledged')
  acknowledged(): never {
    throw new InvalidEvent('ComplaintAcknowledged v1 data is invalid');
  }

  @EventPattern('HotTopicDetected')
  hotTopic(@Payload() value: unknown, @Ctx() context: KafkaEventContext): Observable<string> {
    return defer(() => {
      this.calls.push({ handler: 'hotTopic', value, context });
      return of('stored').pipe(delay(20));
    });
  }

  @EventPattern('HotTopicCooled')
  cooled(): Observable<never> {
    return throwError(() => new Transient('the topic table is locked'));
  }
}

function record(type: string | undefined, overrides: Partial<InboundMessage> = {}): InboundMessage {
  const value = type === undefined ? { id: 'e-1' } : { id: 'e-1', type, subject: 'c-1' };
  return {
    topic: INTAKE,
    partition: 2,
    offset: '41',
    key: 'c-1',
    headers: { ce_id: 'e-1' },
    value,
    raw: Buffer.from(JSON.stringify(value)),
    timestamp: '1764000000000',
    attempt: 1,
    ...overrides,
  };
}

async function appWith(
  controller: new (...args: never[]) => unknown,
  topics = [INTAKE, FOLLOWUP],
): Promise<{ app: INestApplication; transport: DispatchOnly }> {
  const moduleRef = await Test.createTestingModule({ controllers: [controller] }).compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
  const transport = new DispatchOnly(
    createKafka({ brokers: ['127.0.0.1:9'], clientId: 'unit', logger: () => undefined }),
    { groupId: 'unit', topics },
  );
  connectEventTransport(app, transport);
  await app.init();
  return { app, transport };
}

describe('KafkaEventTransport dispatch', () => {
  let app: INestApplication;
  let transport: DispatchOnly;
  let events: ComplaintEvents;

  beforeEach(async () => {
    ({ app, transport } = await appWith(ComplaintEvents));
    await app.startAllMicroservices();
    events = app.get(ComplaintEvents);
  });

  afterEach(async () => {
    await app.close();
  });

  it('hands a record to the handler of its CloudEvent type, with the parsed value and where it came from', async () => {
    const message = record('ComplaintRegistered', { attempt: 2 });

    await transport.dispatch(message);

    expect(events.calls).toHaveLength(1);
    const [call] = events.calls;
    expect(call!.handler).toBe('registered');
    expect(call!.value).toEqual(message.value);
    expect(call!.context).toBeInstanceOf(KafkaEventContext);
    expect({
      topic: call!.context.getTopic(),
      partition: call!.context.getPartition(),
      offset: call!.context.getOffset(),
      key: call!.context.getKey(),
      headers: call!.context.getHeaders(),
      attempt: call!.context.getAttempt(),
      timestamp: call!.context.getTimestamp(),
    }).toEqual({
      topic: INTAKE,
      partition: 2,
      offset: '41',
      key: 'c-1',
      headers: { ce_id: 'e-1' },
      attempt: 2,
      timestamp: '1764000000000',
    });
    expect(call!.context.getMessage()).toBe(message);
  });

  it('serves every type of a pattern list, and prefers a handler for the type on that topic', async () => {
    await transport.dispatch(record('ComplaintReopened'));
    await transport.dispatch(record('ComplaintClosed'));
    await transport.dispatch(record('ComplaintClosed', { topic: FOLLOWUP }));

    expect(events.calls.map((c) => [c.handler, c.context.getTopic()])).toEqual([
      ['lifecycle', INTAKE],
      ['lifecycle', INTAKE],
      ['closedByFollowUp', FOLLOWUP],
    ]);
  });

  it('does a record whose type no handler takes without calling any, and counts it as ignored', async () => {
    await transport.dispatch(record('ComplaintRegistered'));
    await expect(transport.dispatch(record('SlaBreached'))).resolves.toBeUndefined();

    expect(events.calls.map((c) => c.handler)).toEqual(['registered']);
    expect(transport.stats().ignored).toBe(1);
  });

  it('takes a record without a CloudEvent type for a poison message', async () => {
    const notAnEvent = [record(undefined), record(undefined, { value: 'plain text' })];
    for (const message of notAnEvent) {
      const failure = await transport.dispatch(message).catch((error: unknown) => error);
      expect(isPoisonMessage(failure)).toBe(true);
    }
    expect(events.calls).toHaveLength(0);
  });

  it('resolves only once an async handler is done', async () => {
    let settled = false;
    const dispatched = transport.dispatch(record('ComplaintAmended')).then(() => {
      settled = true;
    });
    await waitUntil(() => events.release !== undefined);
    expect(settled).toBe(false);

    events.release!();
    await dispatched;
    expect(settled).toBe(true);
    expect(events.calls.map((c) => c.handler)).toEqual(['amended']);
  });

  it('resolves only once an Observable a handler returns has completed', async () => {
    let settled = false;
    const dispatched = transport.dispatch(record('HotTopicDetected')).then(() => {
      settled = true;
    });
    await waitUntil(() => events.calls.length === 1);
    expect(settled).toBe(false);

    await dispatched;
    expect(settled).toBe(true);
    expect(events.calls.map((c) => c.handler)).toEqual(['hotTopic']);
  });

  it('rejects to the consumer with the very error a handler threw, so the consumer retries it', async () => {
    const thrown = await transport.dispatch(record('ComplaintWithdrawn')).catch((e: unknown) => e);
    const emitted = await transport.dispatch(record('HotTopicCooled')).catch((e: unknown) => e);

    expect(thrown).toBeInstanceOf(Transient);
    expect((thrown as Error).message).toBe('the database is restarting');
    expect(isPoisonMessage(thrown)).toBe(false);
    expect(emitted).toBeInstanceOf(Transient);
    expect((emitted as Error).message).toBe('the topic table is locked');
  });

  it('passes a PoisonMessage through, and turns a contract validation error into one', async () => {
    const poison = await transport.dispatch(record('DuplicateComplaintLinked')).catch((e) => e);
    const invalid = await transport.dispatch(record('ComplaintAcknowledged')).catch((e) => e);

    expect(poison).toBeInstanceOf(PoisonMessage);
    expect((poison as Error).message).toBe('linked to a complaint that was never registered');
    expect(isPoisonMessage(invalid)).toBe(true);
    expect((invalid as Error).message).toBe('ComplaintAcknowledged v1 data is invalid');
    expect((invalid as Error).cause).toBeInstanceOf(InvalidEvent);
  });
});

describe('connectEventTransport', () => {
  it('runs the lifecycle hooks once, on init, and not again when the transport starts', async () => {
    @Injectable()
    class Hooked implements OnModuleInit, OnApplicationBootstrap {
      readonly calls: string[] = [];
      onModuleInit(): void {
        this.calls.push('init');
      }
      onApplicationBootstrap(): void {
        this.calls.push('bootstrap');
      }
    }
    @Controller()
    class Registered {
      @EventPattern('ComplaintRegistered')
      registered(): void {}
    }
    const moduleRef = await Test.createTestingModule({
      controllers: [Registered],
      providers: [Hooked],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    connectEventTransport(
      app,
      new DispatchOnly(createKafka({ brokers: ['127.0.0.1:9'], clientId: 'unit' }), {
        groupId: 'unit',
        topics: [INTAKE],
      }),
    );

    await app.init();
    await app.startAllMicroservices();
    await app.close();

    expect(app.get(Hooked).calls).toEqual(['init', 'bootstrap']);
  });
});

describe('KafkaEventTransport patterns', () => {
  it('lists the event patterns a controller declares, and none of its other methods', () => {
    @Controller()
    class Mixed {
      @MessagePattern('ComplaintQueried')
      queried(): string {
        return 'reply';
      }
      helper(): void {}
    }

    expect(eventPatternsOf(ComplaintEvents)).toEqual([
      'ComplaintRegistered',
      'ComplaintClosed',
      'ComplaintReopened',
      { topic: FOLLOWUP, type: 'ComplaintClosed' },
      'ComplaintAmended',
      'ComplaintWithdrawn',
      'DuplicateComplaintLinked',
      'ComplaintAcknowledged',
      'HotTopicDetected',
      'HotTopicCooled',
    ]);
    expect(eventPatternsOf(Mixed)).toEqual([]);
  });

  it('refuses a request-response @MessagePattern: the application does not start', async () => {
    @Controller()
    class AsksForReplies {
      @MessagePattern('ComplaintRegistered')
      registered(): string {
        return 'reply';
      }
    }
    const { app } = await appWith(AsksForReplies);

    await expect(app.startAllMicroservices()).rejects.toThrow(/use @EventPattern/);
    await app.close();
  });

  it('refuses a handler for a topic the transport does not subscribe', async () => {
    @Controller()
    class ReadsElsewhere {
      @EventPattern({ topic: 'complaints.analytics.v1', type: 'HotTopicDetected' })
      hotTopic(): void {}
    }
    const { app } = await appWith(ReadsElsewhere, [INTAKE]);

    await expect(app.startAllMicroservices()).rejects.toThrow(/complaints\.analytics\.v1/);
    await app.close();
  });

  it('refuses a pattern that is neither a type nor { topic, type }', async () => {
    @Controller()
    class OddPattern {
      @EventPattern({ cmd: 'triage' })
      triage(): void {}
    }
    const { app } = await appWith(OddPattern);

    await expect(app.startAllMicroservices()).rejects.toThrow(/neither a CloudEvent type/);
    await app.close();
  });
});

/** Polls a condition of the test's own handlers; they settle within a few event-loop turns. */
async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
