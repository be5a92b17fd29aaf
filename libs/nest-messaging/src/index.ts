export {
  KafkaEventTransport,
  type EventTransportStats,
  type EventTransportStatus,
  type KafkaEventTransportOptions,
  type TopicSettings,
} from './kafka-event-transport';
export { KafkaEventContext } from './kafka-event.context';
export { connectEventTransport } from './connect-event-transport';
export { HandlerErrorsToConsumer } from './handler-errors.filter';
export type { EventPatternOf } from './event-routes';
export { eventPatternsOf } from './event-patterns-of';
export {
  eventTransportProviders,
  type InboundSettings,
  type KafkaSettings,
} from './event-transport-providers';
