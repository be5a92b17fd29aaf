export {
  DATABASE_ROLES,
  repoRoot,
  serviceDbUrl,
  testConfig,
  type DatabaseRole,
  type TestConfig,
} from './config';
export { bootstrapDatabase, ensureTestInfra } from './infra';
export {
  TopicReader,
  createTopics,
  deleteTopics,
  namespaceTopics,
  publishEvents,
  readTopicsToEnd,
  startGroupAtEnd,
  waitForGroupCaughtUp,
  type KafkaOptions,
  type ReadMessage,
  type TopicReaderOptions,
} from './kafka';
export { uniqueName } from './names';
export { createScratchSchema, type ScratchSchema } from './postgres';
export { waitFor, type WaitForOptions } from './wait-for';
export {
  findServerPrograms,
  startPrivatePostgres,
  type PrivatePostgres,
  type PrivatePostgresOptions,
} from './private-postgres';
export { cloudEvent } from './cloud-event';
export * from './fuzz';
export { schemaGaps, type ComparedSchema, type DtoToEvent } from './schema-gaps';
