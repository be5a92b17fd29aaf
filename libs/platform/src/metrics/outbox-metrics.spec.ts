import { Registry } from 'prom-client';
import {
  OUTBOX_LAG_METRIC,
  OUTBOX_QUARANTINED_METRIC,
  registerOutboxLag,
  registerOutboxQuarantine,
} from './outbox-metrics';

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

describe('registerOutboxQuarantine', () => {
  it('reports the events set aside so far, by reason, at scrape time', async () => {
    const registry = new Registry();
    const quarantined = { rejected: 0, unreadable: 0, held: 0 };
    registerOutboxQuarantine(registry, { status: () => ({ quarantined }) });
    expect(await registry.metrics()).toContain(`${OUTBOX_QUARANTINED_METRIC}{reason="rejected"} 0`);
    quarantined.rejected = 2;
    quarantined.held = 1;
    const text = await registry.metrics();
    expect(text).toContain(`${OUTBOX_QUARANTINED_METRIC}{reason="rejected"} 2`);
    expect(text).toContain(`${OUTBOX_QUARANTINED_METRIC}{reason="held"} 1`);
    expect(text).toContain(`${OUTBOX_QUARANTINED_METRIC}{reason="unreadable"} 0`);
  });
});
