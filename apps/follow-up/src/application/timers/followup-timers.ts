import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { EventStore, Sql } from '@redress/event-store';
import { METRICS_REGISTRY, registerTimerMetrics, type Registry } from '@redress/platform';
import { TimerService, type FiringTimer } from '@redress/timers';
import {
  caseStudyTimer,
  correctiveActionTimer,
  TIMER_KINDS,
  type FollowUpCommand,
} from '../../domain';
import type { FollowUpConfig } from '../../followup.config';
import { FollowUpHandling } from '../followup-handling';
import { FOLLOWUP_ACTOR } from '../followup-events';
import { FOLLOWUP_CLOCK, FOLLOWUP_CONFIG, FOLLOWUP_EVENT_STORE } from '../tokens';

/**
 * Follow-up's clocks fire here: a corrective action open at its due date is reported overdue
 * (`CorrectiveActionOverdue`), a major complaint's case report is reminded before and at its due
 * date (`CaseStudyReminded`). Each fires once across restarts and replicas (the timers lib); a
 * firing made stale by a completion or a publication records nothing.
 */
@Injectable()
export class FollowUpTimers extends TimerService {
  constructor(
    @Inject(FOLLOWUP_CONFIG) config: FollowUpConfig,
    @Inject(FOLLOWUP_EVENT_STORE) store: EventStore,
    @Inject(FOLLOWUP_CLOCK) private readonly clock: Clock,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly followUps: FollowUpHandling,
  ) {
    super(
      {
        store,
        now: () => clock.now(),
        maxIntervalMs: config.FOLLOWUP_TIMER_POLL_MS,
        batchSize: config.FOLLOWUP_TIMER_BATCH_SIZE,
        concurrency: config.FOLLOWUP_TIMER_CONCURRENCY,
        logger: new Logger('FollowUpTimers'),
      },
      [TIMER_KINDS.correctiveAction, TIMER_KINDS.caseStudy],
    );
    registerTimerMetrics(registry, this.worker);
  }

  protected async fire(tx: Sql, timer: FiringTimer): Promise<void> {
    const command = this.commandOf(timer);
    await this.followUps.handle(tx, command.complaintId, command, {
      actor: FOLLOWUP_ACTOR,
      correlationId: randomUUID(),
    });
  }

  private commandOf(timer: FiringTimer): FollowUpCommand {
    const at = this.clock.now().toISOString();
    if (timer.kind === TIMER_KINDS.caseStudy) {
      if (!caseStudyTimer.Check(timer.payload)) {
        throw new TypeError(`timer ${timer.key}: not a case-study reminder payload`);
      }
      return { type: 'RemindCaseStudy', at, ...timer.payload };
    }
    if (!correctiveActionTimer.Check(timer.payload)) {
      throw new TypeError(`timer ${timer.key}: not a corrective action payload`);
    }
    return { type: 'RecordCorrectiveActionOverdue', at, ...timer.payload };
  }
}
