import { probeClient, type KafkaClient } from './kafka-client';

/** Kafka did not answer a readiness probe in time. */
export class KafkaUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaUnavailable';
  }
}

/**
 * Readiness probe: asks the cluster to describe itself over a fresh connection that does not
 * retry, and gives up after `timeoutMs`. Resolves when at least one broker answered.
 */
export async function checkKafka(kafka: KafkaClient, timeoutMs = 3_000): Promise<void> {
  const admin = probeClient(kafka, timeoutMs).admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const probe = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('the cluster reported no brokers');
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe, timeout]);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KafkaUnavailable(`Kafka at ${kafka.brokers.join(',')} is not ready: ${reason}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch((error: unknown) => {
      kafka.log('debug', 'closing the readiness probe connection failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }
}
