import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { InvalidEvent } from '@redress/contracts';
import {
  ensureTopics,
  EventConsumer,
  inConsumerSpan,
  PoisonMessage,
  recordTraceContext,
  type ConsumerState,
  type ConsumerStats,
  type ConsumedRecord,
  type EventConsumerOptions,
  type InboundMessage,
  type KafkaClient,
} from '@redress/messaging';
import { EventRoutes } from './event-routes';
import { KafkaEventContext } from './kafka-event.context';

export interface TopicSettings {
  partitions?: number;
  replicationFactor?: number;
}

export interface KafkaEventTransportOptions extends Omit<EventConsumerOptions, 'handle'> {
  /**
   * Subscribed topics that do not exist yet are created with these settings before the consumer
   * starts (the broker's defaults for what is absent), so a service can start before the
   * services whose topics it reads. They are also the default of `deadLetter`. `false`: the
   * topics must exist, and starting is tried again until they do. Default `{}`.
   */
  createTopics?: TopicSettings | false;
  /** Wait between attempts to start consuming: 1 000 ms doubling up to 30 000 ms. */
  startBackoff?: { initialMs?: number; maxMs?: number };
}

export type EventTransportStatus = 'starting' | 'consuming' | 'stopped';

export interface EventTransportStats extends ConsumerStats {
  /**
   * Records whose CloudEvent type no handler takes: done without a handler, like any other (most
   * passed over by their `ce_type` header, unread).
   */
  ignored: number;
}

/**
 * A NestJS custom transport strategy that hands Kafka records to `@EventPattern` handlers. The
 * messaging lib's `EventConsumer` does the consuming: key-ordered concurrency, retries with
 * back-off, dead letters, the retry topic and the topic namespace are all its own, and this class
 * only dispatches each record it is handed to the handler of its CloudEvent `type`:
 *
 * - no handler for the type → done at once (`stats().ignored`);
 * - a value without a CloudEvent `type`, a thrown `PoisonMessage` or a contract's `InvalidEvent`
 *   → dead letter at once;
 * - any other error (thrown, a rejected promise, an erroring Observable) → retried by the
 *   consumer, then dead-lettered after `maxAttempts` tries.
 *
 * Connect it with `connectEventTransport` (hybrid application); `listen` starts the consumer in
 * the background, trying again until Kafka answers and the topics exist, so the service starts
 * without them; `close` stops it gracefully.
 */
export class KafkaEventTransport
  extends Server<Record<string, never>, EventTransportStatus>
  implements CustomTransportStrategy
{
  readonly groupId: string;
  readonly topics: readonly string[];
  private readonly consumer: EventConsumer;
  private readonly createTopics: TopicSettings | false;
  private readonly startBackoff: { initialMs: number; maxMs: number };
  private readonly log = new Logger('KafkaEventTransport');
  private routes: EventRoutes | undefined;
  private started: Promise<boolean> | undefined;
  private closing = false;
  private ignoredRecords = 0;
  /** Ends the wait between attempts to start at once (on close). */
  private cutWaitShort: (() => void) | undefined;

  constructor(
    private readonly kafka: KafkaClient,
    options: KafkaEventTransportOptions,
  ) {
    super();
    const { createTopics = {}, startBackoff, ...consumerOptions } = options;
    this.createTopics = createTopics;
    this.startBackoff = {
      initialMs: startBackoff?.initialMs ?? 1_000,
      maxMs: startBackoff?.maxMs ?? 30_000,
    };
    this.consumer = new EventConsumer(kafka, {
      ...consumerOptions,
      deadLetter: consumerOptions.deadLetter ?? (createTopics === false ? {} : createTopics),
      handle: (message) => this.dispatch(message),
      // A type no handler takes is passed over by its header, unread (as `dispatch` would after
      // parsing it); once listening, the routes are known.
      wants: (topic, type) =>
        this.routes === undefined || this.routes.find(topic, type) !== undefined,
    });
    this.groupId = this.consumer.groupId;
    this.topics = [...options.topics];
  }

  /** The consumer's state: `idle` until it first starts, `running` while it consumes. */
  get state(): ConsumerState {
    return this.consumer.state;
  }

  stats(): EventTransportStats {
    const consumed = this.consumer.stats();
    return { ...consumed, ignored: this.ignoredRecords + consumed.passedOver };
  }

  /**
   * Called by Nest once the handlers are registered (`app.startAllMicroservices()`). Refuses
   * patterns it cannot serve; otherwise starts consuming in the background and calls back at
   * once, so the application starts while Kafka is down or upstream topics are missing.
   */
  listen(callback: (error?: unknown) => void): void {
    try {
      this.routes = EventRoutes.from(this.getHandlers(), this.topics);
    } catch (error: unknown) {
      callback(error);
      return;
    }
    this._status$.next('starting');
    this.started = this.startConsuming();
    callback();
  }

  /** Graceful: the consumer finishes what is in flight, commits and leaves its group. */
  async close(): Promise<void> {
    this.closing = true;
    this.cutWaitShort?.();
    await this.started;
    await this.consumer.stop();
    this._status$.next('stopped');
  }

  /**
   * Resolves once the consumer has started and joined its group, so records written from then
   * on reach the handlers (tests, drains); rejects after `timeoutMs`.
   */
  async consuming(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const started = await withTimeout(
      this.started ?? Promise.resolve(false),
      timeoutMs,
      `consumer ${this.groupId} did not start within ${timeoutMs} ms`,
    );
    if (!started) throw new Error(`consumer ${this.groupId} is not listening (or was closed)`);
    await this.consumer.joined(Math.max(1, deadline - Date.now()));
  }

  /** Readiness: resolves while the consumer runs; rejects while starting, restarting or stopped. */
  async checkConsumer(): Promise<void> {
    const state = this.consumer.state;
    if (state !== 'running') throw new Error(`consumer ${this.groupId} is ${state}`);
  }

  /**
   * Hands one record to the handler of its CloudEvent type and resolves once the handler is
   * done, whatever it returned (a value, a promise, an Observable): that is when the consumer
   * may count the record as handled. The handler's error reaches the consumer as it was thrown
   * (`connectEventTransport` keeps Nest from replacing it), a contract's `InvalidEvent` as a
   * `PoisonMessage`.
   */
  async dispatch(message: InboundMessage): Promise<void> {
    const routes = this.routes;
    if (routes === undefined) throw new Error('KafkaEventTransport dispatched before listen()');
    const type = cloudEventType(message.value);
    if (type === undefined) {
      throw new PoisonMessage(`a record of ${message.topic} without a CloudEvent type`);
    }
    const handler = routes.find(message.topic, type);
    if (handler === undefined) {
      this.ignoredRecords += 1;
      return;
    }
    try {
      // In the trace the record was produced in, so the events the handler appends carry it on.
      await inConsumerSpan(
        consumedRecord(message, type, this.groupId),
        recordTraceContext(message.headers, message.value),
        async () => {
          const result: unknown = await handler(message.value, new KafkaEventContext([message]));
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        },
      );
    } catch (error: unknown) {
      // Contract validation cannot pass on a second try.
      if (error instanceof InvalidEvent) throw new PoisonMessage(error.message, { cause: error });
      throw error;
    }
  }

  /** Events of this transport are not exposed; `state` and `stats()` tell how it goes. */
  override on(): never {
    throw new Error('KafkaEventTransport has no events to listen to: use state and stats()');
  }

  /** The messaging lib's `EventConsumer` underneath. */
  override unwrap<T = EventConsumer>(): T {
    return this.consumer as unknown as T;
  }

  /**
   * Creates the subscribed topics that are missing (their services may start later) and starts
   * the consumer, trying again with a growing wait until it works or the transport closes.
   * Resolves true once consuming, false when closed first. (Protected so that unit tests of the
   * dispatch can leave Kafka out.)
   */
  protected async startConsuming(): Promise<boolean> {
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        if (this.createTopics !== false) {
          const settings = this.createTopics;
          await ensureTopics(
            this.kafka,
            this.topics.map((topic) => ({ topic, ...settings })),
          );
        }
        await this.consumer.start();
        this.log.log(
          `consuming ${this.topics.join(', ')} as group ${this.groupId} ` +
            `(${this.routes?.describe().join(', ') ?? ''})`,
        );
        this._status$.next('consuming');
        return true;
      } catch (error: unknown) {
        if (this.closing) break;
        const delay = Math.min(
          this.startBackoff.maxMs,
          this.startBackoff.initialMs * 2 ** Math.min(attempt - 1, 20),
        );
        this.log.warn(
          `cannot consume yet (attempt ${attempt}), trying again in ${delay} ms: ${String(error)}`,
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.cutWaitShort = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.cutWaitShort = undefined;
      }
    }
    return false;
  }
}

/** What the consumer span says about the record: where it was read, which event it holds. */
function consumedRecord(message: InboundMessage, type: string, groupId: string): ConsumedRecord {
  const envelope = message.value as { id?: unknown; subject?: unknown };
  const consumed: ConsumedRecord = {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    groupId,
    eventType: type,
  };
  if (typeof envelope.id === 'string') consumed.eventId = envelope.id;
  const complaintId = typeof envelope.subject === 'string' ? envelope.subject : message.key;
  if (complaintId !== null) consumed.complaintId = complaintId;
  return consumed;
}

/** The `type` of a CloudEvent envelope; undefined for anything else. */
function cloudEventType(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && type !== '' ? type : undefined;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
