import { Counter, Gauge, type Registry } from 'prom-client';

export const OUTBOX_LAG_METRIC = 'redress_outbox_lag_events';
export const OUTBOX_QUARANTINED_METRIC = 'redress_outbox_quarantined_total';

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

/**
 * `redress_outbox_quarantined_total{reason}`: events this process's outbox relay set aside
 * instead of publishing, since it started (`rejected` by Kafka, `unreadable`, or `held` behind
 * one of those in their stream). Alert on any increase: an operator must look
 * (docs/operations.md, "Outbox quarantine").
 */
export function registerOutboxQuarantine(
  registry: Registry,
  outbox: { status(): { quarantined: Readonly<Record<string, number>> } },
): void {
  new Counter({
    name: OUTBOX_QUARANTINED_METRIC,
    help: 'Events the outbox relay set aside in the quarantine instead of publishing them',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      // The relay counts; the scrape copies its counts.
      this.reset();
      for (const [reason, count] of Object.entries(outbox.status().quarantined)) {
        this.inc({ reason }, count);
      }
    },
  });
}
