// Publishing events at a steady rate, as an upstream service's relay would: shared by the parts
// that feed a service from Kafka (resolution, follow-up).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from './wait.mjs';

/**
 * Publishes `events` (made beforehand, so making and validating them costs nothing during the
 * phase) evenly spaced at `rate`/s (open loop), through one sender that sends whatever fell due
 * since its last request, every 10 ms. Returns each event's due moment (`performance.now()`
 * scale) by the event's subject (the complaint id).
 */
export async function publishAtRate(publisher, { events, rate, onPublished = () => undefined }) {
  const count = events.length;
  const dueAt = new Map();
  const start = performance.now();
  let sent = 0;
  let behindMaxMs = 0;
  let requests = 0;
  while (sent < count) {
    const now = performance.now();
    const due = Math.min(count, Math.floor(((now - start) / 1000) * rate) + 1);
    if (due > sent) {
      const batch = events.slice(sent, due);
      for (let i = sent; i < due; i += 1) {
        const at = start + (i * 1000) / rate;
        dueAt.set(events[i].subject, at);
        behindMaxMs = Math.max(behindMaxMs, now - at);
      }
      sent = due;
      for (const event of batch) onPublished(event);
      await publisher.publish(batch);
      requests += 1;
    }
    // One request per 10 ms at most (two events at 200/s), as triage's relay gathers its sends:
    // the lag still counts from each event's own due moment.
    await sleep(Math.max(10, start + (sent * 1000) / rate - performance.now()));
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    dueAt,
    startedAt: start,
    seconds,
    achievedRate: count / seconds,
    requests,
    behindMaxMs,
  };
}

/**
 * The warm-up before a measured phase: publishes `events` at `rate` (`publishAtRate`), has the
 * service's tables analysed (`analyse()`) once a few hundred events are in (2 s, or half the
 * warm-up) and again at its end — as autovacuum would have on a running system — then waits, up
 * to 60 s, until `handled(subject)` holds for every event: what start-up left behind (JIT, plans
 * made before the statistics) is not the steady state a target is about. Returns the
 * publication's result and `drainedAfterS`, how long after the last publication that took.
 */
export async function warmUp(publisher, { events, rate, onPublished, analyse, handled, what }) {
  const seconds = events.length / rate;
  const analysed = sleep(Math.min(2, seconds / 2) * 1000).then(analyse);
  const warm = await publishAtRate(publisher, { events, rate, onPublished });
  await analysed;
  await analyse();
  const end = performance.now();
  await waitUntil(() => [...warm.dueAt.keys()].every(handled), 60_000, what, {
    pollMs: 100,
  }).catch(() => undefined);
  return { ...warm, drainedAfterS: (performance.now() - end) / 1000 };
}
