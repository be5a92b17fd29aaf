import { Gauge, type Registry } from 'prom-client';

export const OUTBOX_LAG_METRIC = 'redress_outbox_lag_events';

/**
 * `redress_outbox_lag_events`: events a service committed and has not yet published, read at
 * each scrape. Alert when it keeps growing: Kafka is unreachable or the relay is stuck.
 */
export function registerOutboxLag(registry: Registry, outbox: { lag(): Promise<number> }): void {
  new Gauge({
    name: OUTBOX_LAG_METRIC,
    help: 'Events committed to the event store and not yet published to Kafka',
    registers: [registry],
    async collect() {
      this.set(await outbox.lag());
    },
  });
}
