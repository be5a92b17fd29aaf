// Punctuality of events a service's durable timers fire at a due time (resolution's SLA warnings
// and breaches, follow-up's overdue corrective actions), read from its topic by this process.
import { performance } from 'node:perf_hooks';
import { latencySummary } from './stats.mjs';

/**
 * A record of the service's topic as the punctuality needs it: the event's id, type, key and
 * data, the event's own `time` (its append), the Kafka record's `timestamp` (the relay produced
 * it) and `readAt` (when this process read it, `performance.now()` scale), all three epoch ms.
 */
export function firingRecord(message, readAt) {
  const event = JSON.parse(message.value.toString());
  return {
    id: event.id,
    type: message.headers?.ce_type?.toString() ?? event.type,
    key: message.key?.toString(),
    data: event.data,
    time: Date.parse(event.time),
    timestamp: Number(message.timestamp),
    readAt: readAt + performance.timeOrigin,
  };
}

/**
 * Each firing should come exactly once: `records` grouped by `keyOf(record)`, the first of a key
 * counting and any further one a duplicate. Delays from `dueOf(record)` (epoch ms) to the record's
 * timestamp (`record`), to the event's append (`appended`) and to this process reading it
 * (`read`); `late` counts record delays over `lateMs`. `firsts` are `{ record, due }` per key.
 */
export function punctuality(records, { keyOf, dueOf, lateMs }) {
  const byKey = new Map();
  for (const r of records) {
    const key = keyOf(r);
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const delays = { record: [], appended: [], read: [] };
  const firsts = [];
  let seenOnce = 0;
  let duplicates = 0;
  for (const list of byKey.values()) {
    if (list.length === 1) seenOnce += 1;
    else duplicates += list.length - 1;
    const record = list[0];
    const due = dueOf(record);
    firsts.push({ record, due });
    delays.record.push(record.timestamp - due);
    delays.appended.push(record.time - due);
    delays.read.push(record.readAt - due);
  }
  return {
    keys: byKey.size,
    seenOnce,
    duplicates,
    firsts,
    late: delays.record.filter((ms) => ms > lateMs).length,
    record: latencySummary(delays.record),
    appended: latencySummary(delays.appended),
    read: latencySummary(delays.read),
  };
}
