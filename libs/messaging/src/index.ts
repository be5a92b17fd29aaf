export { parseBrokers } from './brokers';
export {
  createKafka,
  KAFKA_SASL_MECHANISMS,
  kafkaSecurityOptions,
  kafkaSecurityProblems,
  logicalName,
  parseTopicPrefix,
  physicalName,
  type KafkaClient,
  type KafkaClientOptions,
  type KafkaSaslMechanism,
  type KafkaSaslOptions,
  type KafkaSecuritySettings,
  type KafkaTlsOptions,
} from './kafka-client';
export { toKafkaLogFn, type KafkaLogFn, type KafkaLogger, type KafkaLogLevel } from './logging';
export {
  ensureTopics,
  DEFAULT_TOPIC_CONFIGS,
  type EnsureTopicsOptions,
  type TopicSpec,
} from './topic-admin';
export {
  EventPublisher,
  EVENT_HEADERS,
  RecordRejected,
  isRecordRejected,
  toRecord,
  type EventPublisherOptions,
  type EventRecord,
} from './event-publisher';
export {
  EventConsumer,
  type ConsumerState,
  type ConsumerStats,
  type EventConsumerOptions,
} from './event-consumer';
export type { InboundMessage } from './inbound-message';
export {
  BatchEventConsumer,
  type BatchConsumerState,
  type BatchConsumerStats,
  type BatchEventConsumerOptions,
  type FetchTuning,
} from './batch-event-consumer';
export {
  TopicReplay,
  replayTopics,
  REPLAY_FETCH,
  type TopicReplayResult,
  type TopicReplayOptions,
} from './topic-replay';
export type { BatchCounters, BatchHandler, EventBatch } from './batch-engine';
export type { BatchRecord, EventParser } from './batch-records';
export type { PartitionLag, ReplayProgress } from './partition-lag';
export { PoisonMessage, isPoisonMessage } from './poison-message';
export { DLQ_HEADERS, REPLAY_HEADERS } from './dead-letter';
export {
  listDeadLetters,
  replayDeadLetters,
  deadLetterReplayGroup,
  DeadLetterTopicNotFound,
  ReplayInProgress,
  type DeadLetter,
  type ListDeadLettersOptions,
  type ReplayDeadLettersOptions,
  type ReplayResult,
  type SkippedDeadLetter,
} from './dead-letter-replay';
export type { BackoffOptions } from './backoff';
export { checkKafka, KafkaUnavailable } from './health';
export {
  TRACE_HEADERS,
  inConsumerSpan,
  inRecordSpans,
  recordTraceContext,
  setTraceRoots,
  traceHeadersOf,
  type ConsumedRecord,
} from './trace-context';
export { OutboxPublisher, type OutboxPublisherOptions } from './outbox-publisher';
