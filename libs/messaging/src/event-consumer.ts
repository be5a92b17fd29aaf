import { deadLetterTopic, retryTopic } from '@redress/contracts';
import { isDatabaseUnavailable } from '@redress/event-store';
import {
  Partitioners,
  type Consumer,
  type ConsumerCrashEvent,
  type EachBatchPayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { retryDelay, type BackoffOptions } from './backoff';
import {
  REPLAY_HEADERS,
  deadLetterHeaders,
  describeError,
  headerText,
  isReplayForAnotherGroup,
} from './dead-letter';
import { EVENT_HEADERS } from './event-publisher';
import { parseMessage, type InboundMessage } from './inbound-message';
import { logicalName, physicalName, type KafkaClient } from './kafka-client';
import { KeyOrderedSchedule } from './key-ordered-schedule';
import { toKafkaLogFn, type KafkaLogFn, type KafkaLogger } from './logging';
import { PoisonMessage, isPoisonMessage } from './poison-message';
import { ensureTopics } from './topic-admin';

export interface EventConsumerOptions {
  /** The contract's name of the group; the client's topic prefix is added on the cluster. */
  groupId: string;
  /** The contract's topic names. The group's retry topic is read as well. */
  topics: readonly string[];
  /**
   * Handles one message. Resolving marks it done; throwing `PoisonMessage` dead-letters it at
   * once; throwing anything else retries it with back-off, up to `maxAttempts` in all.
   */
  handle: (message: InboundMessage) => Promise<void>;
  /**
   * Whether this group takes events of `type` from `topic` at all. A record whose `ce_type`
   * header names a type it does not take is passed over unread (`stats().passedOver`): its value
   * is not parsed nor handed to `handle`, so an event nobody here reads costs nothing however
   * large it is (a triage policy of 10,000 keywords is 147 kB). Records without the header are
   * always parsed and handled. Without this option every record is.
   */
  wants?: (topic: string, type: string) => boolean;
  /** Tries per message before it is dead-lettered. Default 5. */
  maxAttempts?: number;
  /**
   * Says that a failure comes from a dependency being down, not from the message: such a try
   * does not count towards `maxAttempts`, and the message is tried again with back-off for as
   * long as the outage lasts, so an outage never fills the dead-letter topic. Default: the
   * event store's `isDatabaseUnavailable` (Postgres unreachable or the connection lost).
   */
  isOutage?: (error: unknown) => boolean;
  /** Back-off between tries. Defaults 200 ms doubling up to 5 000 ms, with jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Where a group without committed offsets starts. Default true (replay the whole topic). */
  fromBeginning?: boolean;
  /** How many partitions are handled at the same time (each one in order). Default 3. */
  partitionsConsumedConcurrently?: number;
  /**
   * How many records of one partition are handled at the same time. Default 1: strict partition
   * order, a record starts once the one before it is done. With N > 1, up to N records of a
   * partition are in flight at once (so up to N × `partitionsConsumedConcurrently` in all);
   * records with the same Kafka key are still handled one after another in offset order, and
   * records without a key one after another among themselves (a null key is one shared key).
   * Records of different keys may finish out of offset order: an offset is committed only once
   * its record and every earlier one of the partition are handled or dead-lettered, so a crash
   * re-delivers, never skips. Raise it when the handler mostly waits (on the database) and
   * events of different keys are independent.
   */
  keyConcurrency?: number;
  /** Partitions and replication of the dead-letter and retry topics, if they must be created. */
  deadLetter?: { partitions?: number; replicationFactor?: number };
  /**
   * Handled offsets are committed after each fetched batch and, within a long batch, at most
   * this often. A crash re-delivers what was handled since (consumers are idempotent).
   * Default 5 000 ms.
   */
  commitIntervalMs?: number;
  /** Longest a fetch waits for new records; bounds how long `stop()` waits. Default 1 000 ms. */
  fetchMaxWaitMs?: number;
  /** Default: the Kafka client's logger. */
  logger?: KafkaLogFn | KafkaLogger;
  /** Injected clock for `x-dlq-failed-at`. */
  now?: () => Date;
}

export type ConsumerState = 'idle' | 'running' | 'restarting' | 'stopping' | 'stopped';

export interface ConsumerStats {
  handled: number;
  retried: number;
  deadLettered: number;
  crashes: number;
  /** Replayed dead letters of another group, done without calling `handle`. */
  skippedReplays: number;
  /** Records of a type the group does not take (`wants`), done without reading them. */
  passedOver: number;
}

type Outcome = 'handled' | 'dead-lettered' | 'skipped' | 'interrupted';

/** How one record's `process` ended: its outcome, or the error it threw. */
type Settled = { position: number; outcome: Outcome } | { position: number; error: unknown };

const HEARTBEAT_SLICE_MS = 1_000;
const RELAUNCH_DELAY_MS = { initialMs: 1_000, maxMs: 30_000 };

/**
 * A consumer-group member that hands each record to `handle` in partition order (or, with
 * `keyConcurrency`, in key order within the partition), retries transient failures with capped
 * exponential back-off (for as long as a database outage lasts: `isOutage`), dead-letters what
 * cannot be handled to `complaints.dlq.<groupId>` and
 * only then moves its partition on. An offset is committed only once its record and every
 * earlier one were handled or dead-lettered, so nothing is lost; a record may be delivered
 * again after a crash or rebalance, so handlers must be idempotent (the event store's
 * `processOnce`). Schemas are not checked here: the handler validates and throws
 * `PoisonMessage` for what it cannot accept. A dead letter replayed for another group
 * (`x-replay-for-group`) counts as done without reaching `handle`.
 */
export class EventConsumer {
  readonly groupId: string;
  /** `complaints.dlq.<groupId>` (the contract's name; prefixed on the cluster). */
  readonly deadLetterTopic: string;
  /** `complaints.retry.<groupId>`: where a replay sends this group's dead letters. */
  readonly retryTopic: string;
  private readonly topics: readonly string[];
  private readonly handle: (message: InboundMessage) => Promise<void>;
  private readonly wants: ((topic: string, type: string) => boolean) | undefined;
  private readonly maxAttempts: number;
  private readonly isOutage: (error: unknown) => boolean;
  private readonly backoff: BackoffOptions;
  private readonly fromBeginning: boolean;
  private readonly concurrency: number;
  private readonly keyConcurrency: number;
  private readonly commitIntervalMs: number;
  private readonly fetchMaxWaitMs: number;
  private readonly deadLetterSpec: { partitions?: number; replicationFactor?: number };
  private readonly log: KafkaLogFn;
  private readonly now: () => Date;
  private readonly dlqProducer: Producer;
  private consumer: Consumer | undefined;
  private currentState: ConsumerState = 'idle';
  private readonly wakers = new Set<() => void>();
  private relaunchTimer: NodeJS.Timeout | undefined;
  private joinedGroup = false;
  private readonly joinWaiters = new Set<() => void>();
  private relaunches = 0;
  private stopped: Promise<void> | undefined;
  private readonly counters: ConsumerStats = {
    handled: 0,
    retried: 0,
    deadLettered: 0,
    crashes: 0,
    skippedReplays: 0,
    passedOver: 0,
  };

  constructor(
    private readonly kafka: KafkaClient,
    options: EventConsumerOptions,
  ) {
    if (options.groupId.trim() === '') throw new Error('EventConsumer needs a groupId');
    if (options.topics.length === 0) throw new Error('EventConsumer needs at least one topic');
    this.groupId = options.groupId;
    this.deadLetterTopic = deadLetterTopic(options.groupId);
    this.retryTopic = retryTopic(options.groupId);
    if (options.topics.includes(this.retryTopic)) {
      throw new Error(`EventConsumer: ${this.retryTopic} is read anyway; do not list it`);
    }
    this.topics = [...options.topics];
    this.handle = options.handle;
    this.wants = options.wants;
    this.maxAttempts = positiveInteger(options.maxAttempts ?? 5, 'maxAttempts');
    this.isOutage = options.isOutage ?? isDatabaseUnavailable;
    this.backoff = {
      initialMs: options.backoff?.initialMs ?? 200,
      maxMs: options.backoff?.maxMs ?? 5_000,
    };
    this.fromBeginning = options.fromBeginning ?? true;
    this.concurrency = positiveInteger(
      options.partitionsConsumedConcurrently ?? 3,
      'partitionsConsumedConcurrently',
    );
    this.keyConcurrency = positiveInteger(options.keyConcurrency ?? 1, 'keyConcurrency');
    this.commitIntervalMs = options.commitIntervalMs ?? 5_000;
    this.fetchMaxWaitMs = options.fetchMaxWaitMs ?? 1_000;
    this.deadLetterSpec = options.deadLetter ?? {};
    this.log = options.logger === undefined ? kafka.log : toKafkaLogFn(options.logger);
    this.now = options.now ?? (() => new Date());
    this.dlqProducer = kafka.kafkajs.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  get state(): ConsumerState {
    return this.currentState;
  }

  stats(): ConsumerStats {
    return { ...this.counters };
  }

  /**
   * Creates the dead-letter and retry topics if needed, joins the group and starts consuming.
   * Resolves once consumption started (partitions are assigned shortly after). The subscribed
   * topics must exist (`ensureTopics`).
   */
  async start(): Promise<void> {
    if (this.currentState !== 'idle' && this.currentState !== 'stopped') {
      throw new Error(`consumer ${this.groupId} is already ${this.currentState}`);
    }
    this.currentState = 'running';
    try {
      await ensureTopics(this.kafka, [
        { topic: this.deadLetterTopic, ...this.deadLetterSpec },
        { topic: this.retryTopic, ...this.deadLetterSpec },
      ]);
      await this.dlqProducer.connect();
      if (!this.stopping) await this.launch();
    } catch (error: unknown) {
      this.currentState = 'stopping';
      await this.closeConnections();
      this.currentState = 'stopped';
      throw error;
    }
  }

  /**
   * Resolves once this member has joined its group and received its partitions (from then on,
   * what is written to the subscribed topics reaches it); rejects after `timeoutMs`.
   */
  async joined(timeoutMs = 60_000): Promise<void> {
    if (this.joinedGroup) return;
    let resolveJoin: () => void = () => undefined;
    const joined = new Promise<void>((resolve) => {
      resolveJoin = resolve;
      this.joinWaiters.add(resolve);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`consumer ${this.groupId} did not join its group within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([joined, timeout]);
    } finally {
      clearTimeout(timer);
      this.joinWaiters.delete(resolveJoin);
    }
  }

  /**
   * Graceful stop: no new message is started, those in flight are finished (a failure is not
   * retried any more; the record stays uncommitted and comes back on the next start), handled
   * offsets are committed, the group is left and connections are closed.
   */
  stop(): Promise<void> {
    if (this.currentState === 'idle' || this.currentState === 'stopped') return Promise.resolve();
    if (this.stopped === undefined) {
      this.currentState = 'stopping';
      clearTimeout(this.relaunchTimer);
      this.wakeSleepers();
      this.stopped = this.closeConnections().finally(() => {
        this.currentState = 'stopped';
        this.stopped = undefined;
        this.log('info', 'consumer stopped', { groupId: this.groupId, ...this.counters });
      });
    }
    return this.stopped;
  }

  private get stopping(): boolean {
    return this.currentState === 'stopping' || this.currentState === 'stopped';
  }

  private async closeConnections(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    try {
      await consumer?.disconnect();
    } finally {
      await this.dlqProducer.disconnect();
    }
  }

  private async launch(): Promise<void> {
    const consumer = this.kafka.kafkajs.consumer({
      groupId: physicalName(this.kafka, this.groupId),
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.fetchMaxWaitMs,
      retry: {
        // Called by kafkajs for retriable crashes; its CRASH event below does the logging.
        restartOnFailure: async () => !this.stopping,
      },
    });
    // Assigned before the first await, so a concurrent stop() finds and closes it.
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => this.onCrash(event));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joinedGroup = true;
      for (const resolve of [...this.joinWaiters]) resolve();
      this.joinWaiters.clear();
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...this.topics, this.retryTopic].map((topic) => physicalName(this.kafka, topic)),
      fromBeginning: this.fromBeginning,
    });
    // run() would reconnect a consumer that stop() has just disconnected.
    if (this.stopping) return;
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: this.commitIntervalMs,
      // Offsets are resolved by processBatch, only as far as every record is handled or
      // dead-lettered.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.concurrency,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  private onCrash({ payload: { error, restart } }: ConsumerCrashEvent): void {
    this.counters.crashes += 1;
    const { type, message } = describeError(error);
    if (this.stopping) return;
    this.log(restart ? 'warn' : 'error', 'Kafka consumer crashed', {
      groupId: this.groupId,
      errorType: type,
      error: message,
      restart: restart ? 'kafkajs restarts it' : 'relaunching a new consumer',
    });
    if (!restart) this.scheduleRelaunch();
  }

  /**
   * kafkajs gives up on errors it deems non-retriable; a long-running service should not, so
   * a fresh consumer joins the group after a growing delay (readiness shows `restarting`).
   */
  private scheduleRelaunch(): void {
    this.currentState = 'restarting';
    this.relaunches += 1;
    const delay = retryDelay(this.relaunches, RELAUNCH_DELAY_MS);
    this.relaunchTimer = setTimeout(() => void this.relaunch(), delay);
  }

  private async relaunch(): Promise<void> {
    if (this.stopping) return;
    const previous = this.consumer;
    this.consumer = undefined;
    try {
      await previous?.disconnect();
      if (this.stopping) return;
      await this.launch();
      if (this.currentState === 'restarting') this.currentState = 'running';
      this.relaunches = 0;
    } catch (error: unknown) {
      const { type, message } = describeError(error);
      this.log('error', 'relaunching the Kafka consumer failed', {
        groupId: this.groupId,
        errorType: type,
        error: message,
      });
      if (!this.stopping) this.scheduleRelaunch();
    }
  }

  /**
   * Hands the batch's records to `process`, up to `keyConcurrency` at a time and one key at a
   * time, and resolves offsets as the done prefix grows. Commits and heartbeats come from this
   * loop only, never from two records at once; while records are in flight it also heartbeats
   * every second, so a long back-off does not cost the group membership.
   *
   * The batch halts when a record is interrupted (stop, rebalance, seek), its dead letter
   * cannot be written, or a heartbeat or commit fails: nothing else starts, back-offs are cut
   * short, the records in flight settle and the done prefix is resolved. An interrupted batch
   * returns; a failed one rethrows, and kafkajs restarts from the first record not done.
   */
  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { partition, messages } = payload.batch;
    const topic = logicalName(this.kafka, payload.batch.topic);
    const schedule = new KeyOrderedSchedule(messages, recordKey, this.keyConcurrency);
    const inFlight = new Map<number, Promise<Settled>>();
    let halted = false;
    let failure: { error: unknown } | undefined;
    const interrupted = (): boolean => failure !== undefined || this.interrupted(payload);
    const fail = (error: unknown): void => {
      failure ??= { error };
      halted = true;
      this.wakeSleepers();
    };
    // A halted batch only drains; kafkajs commits what was resolved once it returns.
    const keepUp = async (commit: boolean): Promise<void> => {
      if (halted || interrupted()) return;
      try {
        if (commit) await payload.commitOffsetsIfNecessary();
        await payload.heartbeat();
      } catch (error: unknown) {
        fail(error);
      }
    };

    for (;;) {
      while (!halted && !interrupted()) {
        const next = schedule.start();
        if (next === undefined) break;
        const outcome = this.process(topic, partition, next.record, interrupted);
        inFlight.set(next.position, settle(next.position, outcome));
      }
      if (inFlight.size === 0) break;

      const settled = await this.firstSettled(inFlight.values(), HEARTBEAT_SLICE_MS);
      if (settled === undefined) {
        await keepUp(false);
        continue;
      }
      inFlight.delete(settled.position);
      if ('error' in settled) {
        fail(settled.error);
      } else if (settled.outcome === 'interrupted') {
        halted = true;
      } else {
        const doneUpTo = schedule.finish(settled.position);
        if (doneUpTo === undefined) continue;
        payload.resolveOffset(doneUpTo.offset);
        await keepUp(true);
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  private interrupted(payload: EachBatchPayload): boolean {
    return this.stopping || !payload.isRunning() || payload.isStale();
  }

  /**
   * Handles one record: parse, tries with back-off, dead letter. `interrupted` says when to
   * give up without an outcome (stop, rebalance, seek, a failed batch).
   */
  private async process(
    topic: string,
    partition: number,
    record: KafkaMessage,
    interrupted: () => boolean,
  ): Promise<Outcome> {
    // A dead letter replayed for another group: this group handled the original already.
    // Checked before parsing, so a value this group never had to read cannot poison it here.
    if (isReplayForAnotherGroup(record.headers, this.groupId)) {
      this.counters.skippedReplays += 1;
      return 'skipped';
    }
    // A replayed dead letter reaches the handler as a record of the topic it first came from.
    const origin = topic === this.retryTopic ? replayOrigin(record) : topic;
    if (origin === undefined) {
      const parsedCopy = parseMessage(topic, partition, record);
      const poison = new PoisonMessage(
        `a record of ${this.retryTopic} without ${REPLAY_HEADERS.originalTopic}: its topic is unknown`,
      );
      return this.deadLetter(record, parsedCopy.message, poison, 1);
    }
    const type =
      this.wants === undefined ? undefined : headerText(record.headers, EVENT_HEADERS.type);
    if (type !== undefined && this.wants?.(origin, type) === false) {
      this.counters.passedOver += 1;
      return 'skipped';
    }
    const parsed = parseMessage(origin, partition, record);
    if (!parsed.ok) return this.deadLetter(record, parsed.message, parsed.poison, 1);
    let outageTries = 0;
    for (let attempt = 1; ;) {
      try {
        await this.handle({ ...parsed.message, attempt });
        this.counters.handled += 1;
        return 'handled';
      } catch (error: unknown) {
        if (interrupted()) return 'interrupted';
        const outage = !isPoisonMessage(error) && this.isOutage(error);
        if (!outage && (isPoisonMessage(error) || attempt >= this.maxAttempts)) {
          return this.deadLetter(record, parsed.message, error, attempt);
        }
        const delayMs = retryDelay(outage ? ++outageTries : attempt, this.backoff);
        const { type, message } = describeError(error);
        this.counters.retried += 1;
        // An outage is logged when it starts for this message and then every tenth try.
        if (!outage || outageTries % 10 === 1) {
          this.log('warn', 'handling a Kafka message failed, retrying', {
            ...where(this.groupId, parsed.message),
            attempt,
            maxAttempts: this.maxAttempts,
            ...(outage ? { outage: true, outageTries } : {}),
            delayMs,
            errorType: type,
            error: message,
          });
        }
        if (!outage) attempt += 1;
        if (!(await this.backOff(delayMs, interrupted))) return 'interrupted';
      }
    }
  }

  private async deadLetter(
    record: KafkaMessage,
    message: Omit<InboundMessage, 'attempt'>,
    error: unknown,
    attempts: number,
  ): Promise<Outcome> {
    const { type, message: reason } = describeError(error);
    // Throws when Kafka cannot take it: the record stays unresolved and kafkajs restarts the
    // batch from it, so it is never skipped without a dead letter.
    await this.dlqProducer.send({
      topic: physicalName(this.kafka, this.deadLetterTopic),
      acks: -1,
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: deadLetterHeaders(record.headers, {
            error,
            attempts,
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            groupId: this.groupId,
            failedAt: this.now(),
          }),
        },
      ],
    });
    this.counters.deadLettered += 1;
    this.log('error', 'Kafka message dead-lettered', {
      ...where(this.groupId, message),
      deadLetterTopic: this.deadLetterTopic,
      attempts,
      errorType: type,
      error: reason,
    });
    return 'dead-lettered';
  }

  /** Waits `ms`; false if the wait was cut short by stop, rebalance or a failed batch. */
  private async backOff(ms: number, interrupted: () => boolean): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      if (interrupted()) return false;
      const left = until - Date.now();
      if (left <= 0) return true;
      // In slices, because a rebalance or seek is noticed by asking, not told.
      await this.sleep(Math.min(left, HEARTBEAT_SLICE_MS)).elapsed;
    }
  }

  /** The first of `running` to settle, or undefined once `ms` passed or sleepers were woken. */
  private async firstSettled<T>(running: Iterable<Promise<T>>, ms: number): Promise<T | undefined> {
    const pause = this.sleep(ms);
    try {
      return await Promise.race([...running, pause.elapsed.then(() => undefined)]);
    } finally {
      pause.wake();
    }
  }

  /** A timer that `wake` (or `wakeSleepers`, on stop) ends early. */
  private sleep(ms: number): { elapsed: Promise<void>; wake: () => void } {
    let wake: () => void = () => undefined;
    const elapsed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), ms);
      wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      this.wakers.add(wake);
    });
    return { elapsed, wake };
  }

  private wakeSleepers(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

/** The topic a replayed dead letter first came from, as its replay header names it. */
function replayOrigin(record: KafkaMessage): string | undefined {
  const topic = headerText(record.headers, REPLAY_HEADERS.originalTopic);
  return topic === undefined || topic === '' ? undefined : topic;
}

function settle(position: number, outcome: Promise<Outcome>): Promise<Settled> {
  return outcome.then(
    (value) => ({ position, outcome: value }),
    (error: unknown) => ({ position, error }),
  );
}

/** `latin1` maps bytes one to one, so distinct keys stay distinct whatever their encoding. */
function recordKey(record: KafkaMessage): string | null {
  return record.key === null ? null : record.key.toString('latin1');
}

function where(groupId: string, message: Omit<InboundMessage, 'attempt'>): Record<string, unknown> {
  return {
    groupId,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    eventId: message.headers['ce_id'],
    eventType: message.headers['ce_type'],
  };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`EventConsumer: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
