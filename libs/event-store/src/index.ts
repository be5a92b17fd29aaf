export {
  eventStoreSchemaSql,
  outboxQuarantineSql,
  dropOutboxQuarantineSql,
  assertSchemaName,
  dropNotifyTriggerSql,
  createNotifyTriggerSql,
  retentionIndexSql,
  dropRetentionIndexSql,
  columnCompressionSql,
} from './schema';
export {
  RetentionSweeper,
  eventStoreProviders,
  purgeExpired,
  type PurgeResult,
  type RetentionPolicy,
  type RetentionSweeperOptions,
} from './retention';
export { onAppended, signalAppended } from './append-signal';
export { afterCommit } from './commit-hooks';
export { queryPrepared, type Sql } from './sql';
export { ConcurrencyConflict, IdempotencyKeyConflict, retryOnConflict } from './errors';
export { DatabaseUnavailable, isDatabaseUnavailable } from './database-unavailable';
export { createDatabasePool, type DatabasePoolOptions, type PoolLogger } from './pool';
export type { NewEvent, EventMetadata, StoredEvent, StoredEventMetadata } from './stored-event';
export { JsonText } from './stored-event';
export { EventStore, type AppendOptions, type TransactionOptions } from './event-store';
export type { Statement, StatementValue } from './begin-pipeline';
export { toCloudEvent } from './cloud-event';
export {
  activeTraceContext,
  withActiveTraceContext,
  type TraceContextFields,
} from './trace-context';
export type { Checkpoint } from './checkpoint';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayLogger,
  type RelayState,
  type RelayStatus,
} from './outbox-relay';
export type { QuarantineReason } from './outbox-quarantine';
export {
  OutboxAdmin,
  RelayRunning,
  ForeignTransactionIds,
  type BlockingTransaction,
  type OutboxStatus,
  type QuarantinedEvent,
  type RebasePlan,
  type ResetPlan,
  type ResetTarget,
} from './outbox-admin';
export { markProcessed, processOnce } from './consumer-ledger';
export {
  answerCommandOnce,
  IdempotencyKeys,
  IdempotencyKeyReused,
  requestHash,
  runIdempotent,
  type CommandResult,
  type IdempotentResponse,
} from './idempotency-keys';
export { schemaSignals, type SchemaSignals } from './schema-signals';
export { Wakeup } from './wakeup';
export {
  decideOnStream,
  loadStream,
  type DecidedCommand,
  type EventCodec,
  type LoadedStream,
  type StreamDecider,
} from './stream-decider';
export {
  DEFAULT_GROUP_COMMIT,
  GroupCommit,
  type GroupCommandOptions,
  type GroupCommitOptions,
} from './group-commit';
