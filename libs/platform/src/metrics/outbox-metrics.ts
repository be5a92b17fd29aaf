import { Gauge, type Registry } from 'prom-client';

export const OUTBOX_LAG_METRIC = 'redress_outbox_lag_events';

/**
 * `redress_outbox_lag_events`: events a service committed and has not yet published, read at
 * each scrape (NaN while the database cannot be reached). Alert when it keeps growing: Kafka is
 * unreachable or the relay is stuck.
 */
export function registerOutboxLag(registry: Registry, outbox: { lag(): Promise<number> }): void {
  new Gauge({
    name: OUTBOX_LAG_METRIC,
    help: 'Events committed to the event store and not yet published to Kafka',
    registers: [registry],
    async collect() {
      // While the database is unreachable the lag is unknown (NaN); a failing collector would
      // fail the whole scrape and hide every other metric just when they matter.
      this.set(await outbox.lag().catch(() => Number.NaN));
    },
  });
}
