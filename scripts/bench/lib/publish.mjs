// Publishing events at a steady rate, as an upstream service's relay would: shared by the parts
// that feed a service from Kafka (resolution, follow-up).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

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
