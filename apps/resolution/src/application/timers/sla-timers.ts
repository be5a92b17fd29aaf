import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { EventStore, Sql } from '@redress/event-store';
import { METRICS_REGISTRY, registerTimerMetrics, type Registry } from '@redress/platform';
import { TimerService, type FiringTimer } from '@redress/timers';
import {
  milestoneTimerPayload,
  slaTimerPayload,
  TIMER_KINDS,
  type CaseCommand,
} from '../../domain';
import type { ResolutionConfig } from '../../resolution.config';
import { CaseHandling } from '../case-handling';
import { RESOLUTION_ACTOR } from '../resolution-events';
import { RESOLUTION_CLOCK, RESOLUTION_CONFIG, RESOLUTION_EVENT_STORE } from '../tokens';

/**
 * The case's clocks fire here (DOMAIN §2–§3): every decision arms the timers `caseTimers` asks
 * for in its own transaction (`CaseHandling`); this worker of the timers lib fires them, running
 * `RecordSlaWarning`, `RecordSlaBreach` or `RecordMilestoneMissed` in the transaction that removes
 * the timer, so each warning and breach is recorded once across restarts and replicas. A firing
 * whose clock stopped or moved meanwhile records nothing (the decider sees it is stale).
 */
@Injectable()
export class SlaTimers extends TimerService {
  constructor(
    @Inject(RESOLUTION_CONFIG) config: ResolutionConfig,
    @Inject(RESOLUTION_EVENT_STORE) store: EventStore,
    @Inject(RESOLUTION_CLOCK) private readonly clock: Clock,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly cases: CaseHandling,
  ) {
    super(
      {
        store,
        now: () => clock.now(),
        maxIntervalMs: config.RESOLUTION_TIMER_POLL_MS,
        batchSize: config.RESOLUTION_TIMER_BATCH_SIZE,
        concurrency: config.RESOLUTION_TIMER_CONCURRENCY,
        logger: new Logger('SlaTimers'),
      },
      [TIMER_KINDS.warning, TIMER_KINDS.breach, TIMER_KINDS.milestone],
    );
    registerTimerMetrics(registry, this.worker);
  }

  protected async fire(tx: Sql, timer: FiringTimer): Promise<void> {
    const command = this.commandOf(timer);
    await this.cases.handle(tx, command.complaintId, command, {
      actor: RESOLUTION_ACTOR,
      correlationId: randomUUID(),
    });
  }

  /** The timer's payload, validated (it is `unknown` in the table), as the case's command. */
  private commandOf(timer: FiringTimer): CaseCommand {
    const at = this.clock.now().toISOString();
    if (timer.kind === TIMER_KINDS.milestone) {
      if (!milestoneTimerPayload.Check(timer.payload)) {
        throw new TypeError(`timer ${timer.key}: not a supervision milestone payload`);
      }
      return { type: 'RecordMilestoneMissed', at, ...timer.payload };
    }
    if (!slaTimerPayload.Check(timer.payload)) {
      throw new TypeError(`timer ${timer.key}: not an SLA clock payload`);
    }
    const type = timer.kind === TIMER_KINDS.warning ? 'RecordSlaWarning' : 'RecordSlaBreach';
    return { type, at, ...timer.payload };
  }
}
