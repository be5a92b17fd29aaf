import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import { NO_FLAGS, type ComplaintRegisteredData } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import type { TriageConfig } from '../triage.config';
import { TriageInbox } from './inbox/triage-inbox';
import { PolicyStore } from './policy/policy-store';
import { TRIAGE_CLOCK, TRIAGE_CONFIG, TRIAGE_EVENT_STORE } from './tokens';

/**
 * The texts of the rehearsed registrations: the three scripts the taxonomy knows, with and
 * without a subject that forms a cluster, so every branch a first complaint takes has run once.
 */
const REHEARSED: ReadonlyArray<{
  subject: ComplaintRegisteredData['subject'];
  title?: string;
  description: string;
}> = [
  {
    subject: { type: 'product', productSku: 'WARM-UP-1' },
    title: '酸奶包装破损',
    description: '酸奶包装破损，里面有一只苍蝇，孩子已经喝了一口',
  },
  {
    subject: { type: 'product', batchNo: 'WARM-UP-2' },
    description: '產品包裝破損，裡面的餅乾發霉了',
  },
  {
    subject: { type: 'service' },
    description: 'Your support agent was rude and hung up on me twice, I will call the regulator',
  },
  { subject: { type: 'logistics' }, description: '快递三天都没送到，物流信息一直不更新' },
  {
    subject: { type: 'billing' },
    description: 'I was charged twice for the same order, please refund',
  },
  { subject: { type: 'other' }, description: '请问你们的会员积分怎么兑换？' },
];

/** Rounds of rehearsals per connection: the second finds the connection's statements prepared. */
const ROUNDS = 3;

export interface WarmUpReport {
  rehearsals: number;
  connections: number;
  ms: number;
  /** The complaints and events rehearsed (none of them exists afterwards). */
  complaintIds: string[];
  eventIds: string[];
}

/**
 * Before triage reports ready, the paths a registration takes are run once: the current policy
 * is compiled (the keyword automaton, which the first decision of a version builds), and
 * synthetic registrations go through the inbox's whole path (`TriageInbox.rehearse`: the
 * event's schema, the decision, the append, the row, the timers) in transactions that are
 * rolled back, side by side on as many pool connections as the consumer uses, so that each
 * connection is open and has its statements prepared, and the JIT has seen the code. Nothing is
 * stored, published or armed. Without it the first complaints after a start paid for all of it
 * at once: triage's lag in the first 15 s after a start was several times its steady lag
 * (docs/benchmarks.md, "Triage: warm start").
 *
 * Runs in `onApplicationBootstrap`, which `app.init()` awaits: the consumer starts and HTTP
 * listens (so `/health/ready` answers) only after it. A failure (the database down at start) is
 * logged and does not stop the service: it starts cold, as it did before.
 */
@Injectable()
export class TriageWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger('TriageWarmUp');

  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    @Inject(TRIAGE_CLOCK) private readonly clock: Clock,
    @Inject(TRIAGE_CONFIG) private readonly config: TriageConfig,
    private readonly policies: PolicyStore,
    private readonly inbox: TriageInbox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const report = await this.warmUp();
      this.logger.log(
        `warmed up: ${report.rehearsals} rehearsed registrations on ${report.connections} connections in ${Math.round(report.ms)} ms`,
      );
    } catch (error) {
      this.logger.warn(
        `warm-up failed, starting cold: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async warmUp(): Promise<WarmUpReport> {
    const started = performance.now();
    await this.policies.current(this.store.pool);
    // The connections the consumer's records are handled on at once, leaving two for the
    // timers' worker and HTTP.
    const connections = Math.max(
      1,
      Math.min(this.config.TRIAGE_KEY_CONCURRENCY, this.config.DATABASE_POOL_SIZE - 2),
    );
    let rehearsals = 0;
    const complaintIds: string[] = [];
    const eventIds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: connections }, async (_, i) => {
          const event = this.registration(REHEARSED[(round * connections + i) % REHEARSED.length]);
          complaintIds.push(event.subject);
          eventIds.push(event.id);
          await this.inbox.rehearse(event, event.subject);
          rehearsals++;
        }),
      );
    }
    return {
      rehearsals,
      connections,
      ms: performance.now() - started,
      complaintIds,
      eventIds,
    };
  }

  /** A `ComplaintRegistered` as intake publishes it, about a complaint that never exists. */
  private registration(text: (typeof REHEARSED)[number] | undefined = REHEARSED[0]) {
    if (text === undefined) throw new Error('nothing to rehearse');
    const complaintId = randomUUID();
    const now = this.clock.now().toISOString();
    const data: ComplaintRegisteredData = {
      complaintId,
      trackingNo: 'RD-00000000-WARMUP00',
      channel: 'web',
      customer: { customerRef: `cus_${'0'.repeat(26)}` },
      subject: text.subject,
      ...(text.title === undefined ? {} : { title: text.title }),
      description: text.description,
      desiredRemedies: [],
      complainantCount: 1,
      flags: { ...NO_FLAGS },
      attachments: [],
      registeredAt: now,
      receivedAt: now,
      imported: false,
    };
    return {
      specversion: '1.0',
      id: randomUUID(),
      source: '/redress/intake',
      type: 'ComplaintRegistered',
      subject: complaintId,
      time: now,
      datacontenttype: 'application/json',
      schemaversion: 2,
      streamversion: 1,
      correlationid: randomUUID(),
      authtype: 'system',
      authid: 'triage-warm-up',
      data,
    };
  }
}
