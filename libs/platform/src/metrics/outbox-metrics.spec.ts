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
});
