import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { EventStore, Sql } from '@redress/event-store';
import { METRICS_REGISTRY, registerTimerMetrics, type Registry } from '@redress/platform';
import { TimerService, type FiringTimer } from '@redress/timers';
import { ComplaintTriage } from '../complaint-triage';
import { TRIAGE_CLOCK, TRIAGE_CONFIG, TRIAGE_EVENT_STORE } from '../tokens';
import { TRIAGE_ACTOR } from '../triage-events';
import type { TriageConfig } from '../../triage.config';
import { ESCALATION_TIMER, escalationPayload } from './escalation-timer';

/**
 * DOMAIN §2: unresolved 7 days after registration → hot, 30 days → major, "without anyone
 * touching it". Each decision arms `triage.escalation` timers (`armEscalationTimers`); this
 * worker of the timers lib fires them: it re-assesses the complaint at the current time in the
 * transaction that consumes the timer, so the escalation it appends and the timer's removal
 * commit together, and each timer fires once across restarts and replicas. A complaint
 * resolved, closed or withdrawn by then is not escalated. Time comes from the injected clock.
 */
@Injectable()
export class EscalationTimers extends TimerService {
  constructor(
    @Inject(TRIAGE_CONFIG) config: TriageConfig,
    @Inject(TRIAGE_EVENT_STORE) store: EventStore,
    @Inject(TRIAGE_CLOCK) clock: Clock,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly triage: ComplaintTriage,
  ) {
    super(
      {
        store,
        now: () => clock.now(),
        maxIntervalMs: config.TRIAGE_TIMER_POLL_MS,
        // One complaint per transaction: a re-assessment takes its cluster's lock, and a batch of
        // complaints would hold several clusters' locks at once, in an order that inbound events
        // and hot topics do not share (batched decisions once deadlocked that way).
        batchSize: 1,
        // Each firing holds a connection of triage's pool, which the consumer needs too.
        concurrency: 2,
        logger: new Logger('EscalationTimers'),
      },
      [ESCALATION_TIMER],
    );
    registerTimerMetrics(registry, this.worker);
  }

  protected async fire(tx: Sql, timer: FiringTimer): Promise<void> {
    const { complaintId } = escalationPayload(timer.payload);
    await this.triage.reassessComplaint(tx, complaintId, {
      actor: TRIAGE_ACTOR,
      correlationId: randomUUID(),
    });
  }
}
