import { ConfigError, loadConfig } from '@redress/platform';
import { FollowUpConfig } from './followup.config';

const ENV = {
  DATABASE_URL: 'postgres://followup@127.0.0.1:5432/redress',
  AUTH_JWT_SECRET: 'x'.repeat(40),
};

describe('follow-up configuration', () => {
  it('fires 20 timers per transaction, two transactions at a time, unless told otherwise', () => {
    expect(loadConfig(FollowUpConfig, ENV)).toMatchObject({
      FOLLOWUP_TIMER_BATCH_SIZE: 20,
      FOLLOWUP_TIMER_CONCURRENCY: 2,
    });
    expect(
      loadConfig(FollowUpConfig, {
        ...ENV,
        FOLLOWUP_TIMER_BATCH_SIZE: '100',
        FOLLOWUP_TIMER_CONCURRENCY: '6',
      }),
    ).toMatchObject({ FOLLOWUP_TIMER_BATCH_SIZE: 100, FOLLOWUP_TIMER_CONCURRENCY: 6 });
  });

  it('refuses a timer concurrency that would take the whole pool, naming both variables', () => {
    const load = () =>
      loadConfig(FollowUpConfig, {
        ...ENV,
        DATABASE_POOL_SIZE: '4',
        FOLLOWUP_TIMER_CONCURRENCY: '4',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/FOLLOWUP_TIMER_CONCURRENCY: must be below DATABASE_POOL_SIZE \(4\)/);
    expect(() => loadConfig(FollowUpConfig, { ...ENV, FOLLOWUP_TIMER_BATCH_SIZE: '0' })).toThrow(
      /FOLLOWUP_TIMER_BATCH_SIZE/,
    );
  });
});
