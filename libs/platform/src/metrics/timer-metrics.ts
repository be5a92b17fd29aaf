import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const TIMERS_FIRED_METRIC = 'redress_timers_fired_total';
export const TIMER_LAG_METRIC = 'redress_timer_firing_lag_seconds';
export const TIMER_FAILURES_METRIC = 'redress_timer_failures_total';
export const TIMERS_OVERDUE_METRIC = 'redress_timers_overdue';
export const TIMERS_PARKED_METRIC = 'redress_timers_parked';

/** What `registerTimerMetrics` needs of a timer worker (`TimerWorker` of `@redress/timers`). */
export interface TimerMetricsSource {
  onFiring(
    listener: (firing: {
      kind: string;
      outcome: 'fired' | 'failed' | 'parked';
      lagMs: number;
    }) => void,
  ): () => void;
  backlog(): Promise<{ overdue: number; parked: number }>;
}

/**
 * A service's durable-timer metrics, by timer kind:
 * - `redress_timers_fired_total` and `redress_timer_firing_lag_seconds` (how late after its due
 *   time each timer's effect committed) count this process's firings;
 * - `redress_timer_failures_total{outcome="retried"|"parked"}` counts handler failures;
 * - `redress_timers_overdue` (due, not fired yet) and `redress_timers_parked` (failed too often,
 *   waiting for someone) are read from the database at each scrape, for all replicas.
 * Alert on any parked timer, and on an overdue count that keeps growing.
 */
export function registerTimerMetrics(registry: Registry, worker: TimerMetricsSource): void {
  const fired = new Counter({
    name: TIMERS_FIRED_METRIC,
    help: 'Durable timers whose effect this process committed',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: TIMER_LAG_METRIC,
    help: 'How late after its due time a durable timer fired',
    labelNames: ['kind'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const failures = new Counter({
    name: TIMER_FAILURES_METRIC,
    help: 'Durable-timer handler failures: retried later, or parked after the last attempt',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  worker.onFiring(({ kind, outcome, lagMs }) => {
    if (outcome === 'fired') {
      fired.inc({ kind });
      lag.observe({ kind }, lagMs / 1000);
    } else {
      failures.inc({ kind, outcome: outcome === 'parked' ? 'parked' : 'retried' });
    }
  });
  // Both gauges come from one query per scrape.
  let reading: Promise<{ overdue: number; parked: number }> | undefined;
  const backlog = () => {
    reading ??= worker.backlog().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  new Gauge({
    name: TIMERS_OVERDUE_METRIC,
    help: 'Durable timers due and not fired yet (all replicas)',
    registers: [registry],
    async collect() {
      // Unknown (NaN) while the database is unreachable: a failing collector fails the scrape.
      this.set(
        await backlog().then(
          (b) => b.overdue,
          () => Number.NaN,
        ),
      );
    },
  });
  new Gauge({
    name: TIMERS_PARKED_METRIC,
    help: 'Durable timers parked after their handler failed too often (all replicas)',
    registers: [registry],
    async collect() {
      // Unknown (NaN) while the database is unreachable: a failing collector fails the scrape.
      this.set(
        await backlog().then(
          (b) => b.parked,
          () => Number.NaN,
        ),
      );
    },
  });
}
