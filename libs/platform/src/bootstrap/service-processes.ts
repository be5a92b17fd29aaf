import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { createLogger } from '../logging/logger';

/**
 * One service on several cores of one machine: Node's cluster module. The first process (the
 * primary) runs what must happen once per start (migrations), then forks `workers` processes
 * that each start the whole service; they share the listening port, and everything else is
 * what several replicas of the service already share (the database, the consumer group, the
 * outbox relay's lock). The primary serves nothing itself: it restarts a worker that dies, and
 * stops them all on SIGTERM or SIGINT. With one worker (the default) the service runs in this
 * process alone, as before. In Kubernetes, replicas do this job; several workers are for a
 * machine where one core is not enough.
 */
export interface ServiceProcessesOptions {
  service: string;
  /** Processes serving the service; 1 runs it in this process. */
  workers: number;
  /** Once per start, before any worker starts (migrations). */
  prepare?: () => Promise<unknown>;
  /** Starts the service in the current process (a worker, or this one). */
  start: () => Promise<unknown>;
  logLevel?: string;
}

/** How long stopping workers may take before they are killed. */
const STOP_GRACE_MS = 30_000;
/** A worker that ran this long is healthy: its restart delay starts over. */
const STABLE_AFTER_MS = 60_000;
/** Workers dying this many times in a row without running stably stop the service. */
const MAX_QUICK_DEATHS = 5;
const METRICS_REQUEST = 'redress:cluster-metrics';

export async function runServiceProcesses(options: ServiceProcessesOptions): Promise<void> {
  if (options.workers <= 1) {
    await options.prepare?.();
    await options.start();
    return;
  }
  if (cluster.isWorker) {
    await options.start();
    return;
  }
  await options.prepare?.();
  superviseWorkers(options);
}

function superviseWorkers({ service, workers, logLevel }: ServiceProcessesOptions): void {
  const logger = createLogger(service, logLevel ?? 'info');
  /** Workers forked and not yet exited (cluster.workers drops one at its disconnect), by start. */
  const running = new Map<Worker, number>();
  let quickDeaths = 0;
  /** Set once stopping: the exit code the primary ends with when the last worker is gone. */
  let stopCode: number | undefined;

  const fork = (): void => {
    running.set(cluster.fork({ REDRESS_SERVICE_WORKER: '1' }), Date.now());
  };

  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    const ranMs = Date.now() - (running.get(worker) ?? Date.now());
    running.delete(worker);
    if (stopCode !== undefined) {
      if (running.size === 0) process.exit(stopCode);
      return;
    }
    quickDeaths = ranMs >= STABLE_AFTER_MS ? 1 : quickDeaths + 1;
    if (quickDeaths > MAX_QUICK_DEATHS) {
      logger.fatal({ code, signal }, 'workers keep dying at start; the service stops');
      stopAll(1);
      return;
    }
    const delayMs = Math.min(30_000, 500 * 2 ** (quickDeaths - 1));
    logger.error({ code, signal, ranMs, delayMs }, 'a worker died; starting another');
    setTimeout(() => {
      if (stopCode === undefined) fork();
    }, delayMs);
  });

  // A worker answering `GET /metrics` asks here for every worker's metrics, added together.
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMetricsRequest(message)) return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: METRICS_REQUEST, id: message.id, body }),
      (error: unknown) =>
        worker.send({ type: METRICS_REQUEST, id: message.id, error: String(error) }),
    );
  });

  const stopAll = (exitCode: number): void => {
    stopCode = exitCode;
    if (running.size === 0) process.exit(exitCode);
    for (const worker of running.keys()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of running.keys()) worker.process.kill('SIGKILL');
      process.exit(exitCode);
    }, STOP_GRACE_MS).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopCode !== undefined) return;
      logger.info({ signal, workers: running.size }, 'stopping');
      stopAll(0);
    });
  }

  logger.info({ workers }, `starting ${workers} workers`);
  for (let i = 0; i < workers; i += 1) fork();
}

/** Whether this process is one of several workers of a service. */
export function isServiceWorker(): boolean {
  return cluster.isWorker && process.env.REDRESS_SERVICE_WORKER === '1';
}

/**
 * In a worker: offers `registry` to the primary's aggregation and returns a function that gives
 * the metrics of every worker; elsewhere, `undefined`.
 */
export function clusterMetrics(registry: Registry): (() => Promise<string>) | undefined {
  if (!isServiceWorker()) return undefined;
  // Made once, it answers the primary's requests for this worker's metrics.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const pending = new Map<
    number,
    { resolve: (body: string) => void; reject: (e: Error) => void }
  >();
  process.on('message', (message: unknown) => {
    if (!isMetricsAnswer(message)) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.body ?? '');
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      next += 1;
      const id = next;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('the service primary did not answer with the metrics'));
      }, 5_000);
      pending.set(id, {
        resolve: (body) => {
          clearTimeout(timer);
          resolve(body);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      process.send?.({ type: METRICS_REQUEST, id });
    });
}

function isMetricsRequest(message: unknown): message is { type: string; id: number } {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === METRICS_REQUEST &&
    typeof (message as { id?: unknown }).id === 'number' &&
    !('body' in message) &&
    !('error' in message)
  );
}

function isMetricsAnswer(
  message: unknown,
): message is { type: string; id: number; body?: string; error?: string } {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === METRICS_REQUEST &&
    typeof (message as { id?: unknown }).id === 'number' &&
    ('body' in message || 'error' in message)
  );
}
