import { Registry } from 'prom-client';
import {
  TIMER_FAILURES_METRIC,
  TIMER_LAG_METRIC,
  TIMERS_FIRED_METRIC,
  TIMERS_OVERDUE_METRIC,
  TIMERS_PARKED_METRIC,
  registerTimerMetrics,
  type TimerMetricsSource,
} from './timer-metrics';

type Listener = Parameters<TimerMetricsSource['onFiring']>[0];

describe('registerTimerMetrics', () => {
  it('counts firings and failures by kind, observes the lag, and reads the backlog at scrape time', async () => {
    const registry = new Registry();
    let listener: Listener = () => undefined;
    let backlog = { overdue: 4, parked: 1 };
    let backlogReads = 0;
    registerTimerMetrics(registry, {
      onFiring: (l) => {
        listener = l;
        return () => undefined;
      },
      backlog: async () => {
        backlogReads += 1;
        return backlog;
      },
    });

    listener({ kind: 'resolution.sla-breach', outcome: 'fired', lagMs: 200 });
    listener({ kind: 'resolution.sla-breach', outcome: 'fired', lagMs: 3_000 });
    listener({ kind: 'resolution.sla-breach', outcome: 'failed', lagMs: 0 });
    listener({ kind: 'follow-up.callback', outcome: 'parked', lagMs: 0 });
    const text = await registry.metrics();

    expect(text).toContain(`${TIMERS_FIRED_METRIC}{kind="resolution.sla-breach"} 2`);
    expect(text).toContain(`${TIMER_LAG_METRIC}_bucket{le="0.25",kind="resolution.sla-breach"} 1`);
    expect(text).toContain(`${TIMER_LAG_METRIC}_bucket{le="5",kind="resolution.sla-breach"} 2`);
    expect(text).toContain(
      `${TIMER_FAILURES_METRIC}{kind="resolution.sla-breach",outcome="retried"} 1`,
    );
    expect(text).toContain(
      `${TIMER_FAILURES_METRIC}{kind="follow-up.callback",outcome="parked"} 1`,
    );
    expect(text).toContain(`${TIMERS_OVERDUE_METRIC} 4`);
    expect(text).toContain(`${TIMERS_PARKED_METRIC} 1`);
    expect(backlogReads).toBe(1);

    backlog = { overdue: 0, parked: 0 };
    const later = await registry.metrics();
    expect(later).toContain(`${TIMERS_OVERDUE_METRIC} 0`);
    expect(later).toContain(`${TIMERS_PARKED_METRIC} 0`);
  });
});
