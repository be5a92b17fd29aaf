import { Gauge, type Registry } from 'prom-client';

export const CONSUMER_DEAD_LETTERED_METRIC = 'redress_consumer_dead_lettered_total';
export const CONSUMER_RETRIED_METRIC = 'redress_consumer_retried_total';

/**
 * A service's inbound consumer (`KafkaEventTransport`): events it sent to its dead-letter topic,
 * and tries that failed and were retried, since the service started. Alert on any dead letter;
 * retries climb steadily while the database is unreachable (those never dead-letter).
 */
export function registerConsumerMetrics(
  registry: Registry,
  events: { stats(): { deadLettered: number; retried: number } },
): void {
  new Gauge({
    name: CONSUMER_DEAD_LETTERED_METRIC,
    help: 'Inbound events sent to the dead-letter topic since the service started',
    registers: [registry],
    collect() {
      this.set(events.stats().deadLettered);
    },
  });
  new Gauge({
    name: CONSUMER_RETRIED_METRIC,
    help: 'Tries of inbound events that failed and were retried since the service started',
    registers: [registry],
    collect() {
      this.set(events.stats().retried);
    },
  });
}
