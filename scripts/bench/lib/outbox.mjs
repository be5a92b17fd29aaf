// Watches a service's outbox from the side, to tell when what it acknowledged over HTTP is
// durably published: the relay's checkpoint in `<schema>.outbox_checkpoints` advances only after
// Kafka acknowledged a batch (acks from all in-sync replicas), so "no event after the checkpoint"
// means every committed event is on the topic. The topic's end offsets are read too, as an
// independent check that the messages arrived (other writers to the same topic can only make
// that figure larger, never smaller).
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { connect } from './database.mjs';

const { Kafka, logLevel } = kafkajs;

export class OutboxWatch {
  constructor({ databaseUrl, schema, relayName = 'outbox', brokers, topic }) {
    this.databaseUrl = databaseUrl;
    this.schema = schema;
    this.relayName = relayName;
    this.topic = topic;
    this.kafka = new Kafka({
      clientId: 'redress-bench',
      brokers: brokers.split(','),
      logLevel: logLevel.ERROR,
    });
  }

  async open() {
    this.db = await connect(this.databaseUrl);
    this.admin = this.kafka.admin();
    await this.admin.connect();
  }

  async close() {
    await this.db?.end().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** Events committed but not yet published; null while the relay has no checkpoint yet. */
  async lag() {
    const { rows } = await this.db.query(
      `SELECT (SELECT count(*) FROM "${this.schema}".events e
                WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position))::int AS lag
         FROM "${this.schema}".outbox_checkpoints c WHERE c.name = $1`,
      [this.relayName],
    );
    return rows.length ? rows[0].lag : null;
  }

  /** How many events the store holds, by type, and how many of them are published. */
  async counts() {
    const { rows } = await this.db.query(
      `SELECT count(*)::int AS events,
              (count(*) FILTER (WHERE type = 'ComplaintRegistered'))::int AS registered
         FROM "${this.schema}".events`,
    );
    const lag = await this.lag();
    return { ...rows[0], published: rows[0].events - (lag ?? rows[0].events) };
  }

  /**
   * Resolves once the store's event count has stood still for `quietMs` and every event is
   * published: requests a load generator gave up at the end of a phase (a closed loop stops with
   * its connections' requests still in the service) have committed and reached Kafka, so the
   * next phase's starting counts hold none of them.
   */
  async settled({ quietMs = 1_000, timeoutMs = 120_000 } = {}) {
    const deadline = performance.now() + timeoutMs;
    let last = (await this.counts()).events;
    for (;;) {
      await sleep(quietMs);
      const { events, published } = await this.counts();
      if (events === last && published === events) return;
      if (performance.now() > deadline) {
        throw new Error(`the store of ${this.schema} did not settle within ${timeoutMs / 1000} s`);
      }
      last = events;
    }
  }

  /** Sum of the topic's end offsets over its partitions (0 when it does not exist yet). */
  async topicEnd() {
    try {
      const offsets = await this.admin.fetchTopicOffsets(this.topic);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    } catch {
      return 0;
    }
  }

  /** Samples the lag every `intervalMs` while load runs; `stop()` gives the largest seen. */
  sampleLag(intervalMs = 1000) {
    let max = 0;
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        max = Math.max(max, (await this.lag()) ?? 0);
      } catch {
        // A sample lost to a busy database is not worth failing the run for.
      } finally {
        busy = false;
      }
    }, intervalMs);
    return {
      stop() {
        clearInterval(timer);
        return { maxLag: max };
      },
    };
  }

  /**
   * Resolves when every committed event is published: `{ drainedAt }` (performance.now()
   * timestamp, ms), or throws after `timeoutMs`.
   */
  async waitDrained({ timeoutMs = 120_000, pollMs = 25 } = {}) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const lag = await this.lag();
      if (lag === 0) return { drainedAt: performance.now() };
      if (performance.now() > deadline) {
        throw new Error(
          `the outbox of ${this.schema} did not drain within ${timeoutMs / 1000} s ` +
            `(${lag ?? 'unknown'} events still unpublished)`,
        );
      }
      await sleep(pollMs);
    }
  }
}
