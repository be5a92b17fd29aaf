import { Registry } from 'prom-client';
import { OUTBOX_LAG_METRIC, registerOutboxLag } from './outbox-metrics';

describe('registerOutboxLag', () => {
  it('reports the outbox lag read at scrape time', async () => {
    const registry = new Registry();
    let lag = 3;
    registerOutboxLag(registry, { lag: async () => lag });
    expect(await registry.metrics()).toContain(`${OUTBOX_LAG_METRIC} 3`);
    lag = 0;
    expect(await registry.metrics()).toContain(`${OUTBOX_LAG_METRIC} 0`);
  });

  it('reports NaN instead of failing the scrape while the lag cannot be read', async () => {
    const registry = new Registry();
    registerOutboxLag(registry, {
      lag: () => Promise.reject(new Error('the database connection was lost')),
    });
    // prom-client writes `Nan`; Prometheus reads NaN in any case.
    expect(await registry.metrics()).toMatch(new RegExp(`^${OUTBOX_LAG_METRIC} nan$`, 'im'));
  });
});
