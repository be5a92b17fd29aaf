import { Registry } from 'prom-client';
import {
  CONSUMER_DEAD_LETTERED_METRIC,
  CONSUMER_RETRIED_METRIC,
  registerConsumerMetrics,
} from './consumer-metrics';

describe('registerConsumerMetrics', () => {
  it("reports the consumer's dead letters and retries read at scrape time", async () => {
    const registry = new Registry();
    const stats = { deadLettered: 0, retried: 0 };
    registerConsumerMetrics(registry, { stats: () => stats });
    expect(await registry.metrics()).toContain(`${CONSUMER_DEAD_LETTERED_METRIC} 0`);
    stats.deadLettered = 2;
    stats.retried = 7;
    const text = await registry.metrics();
    expect(text).toContain(`${CONSUMER_DEAD_LETTERED_METRIC} 2`);
    expect(text).toContain(`${CONSUMER_RETRIED_METRIC} 7`);
  });
});
