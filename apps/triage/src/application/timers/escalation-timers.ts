import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { EventStore } from '@redress/event-store';
import { ComplaintTriage } from '../complaint-triage';
import { TRIAGE_CLOCK, TRIAGE_CONFIG, TRIAGE_EVENT_STORE } from '../tokens';
import { TRIAGE_ACTOR } from '../triage-events';
import { TriageRecords } from '../triage-records';
import type { TriageConfig } from '../../triage.config';

const BATCH = 50;

/**
 * DOMAIN §2: unresolved 7 days after registration → hot, 30 days → major, "without anyone
 * touching it". The timers are rows of `triage.timers`, armed with each decision; this poller
 * takes the due ones (`FOR UPDATE SKIP LOCKED`, so replicas share the work), re-assesses each
 * complaint at the current time and marks the timer fired in the same transaction as the
 * escalation it appends. A crash before the commit leaves the timer due; after it, fired: each
 * timer fires exactly once, across restarts and replicas. Time comes from the injected clock.
 */
@Injectable()
export class EscalationTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EscalationTimers');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    @Inject(TRIAGE_CONFIG) private readonly config: TriageConfig,
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    @Inject(TRIAGE_CLOCK) private readonly clock: Clock,
    private readonly records: TriageRecords,
    private readonly triage: ComplaintTriage,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Fires every timer due now; resolves with how many fired. */
  async fireDue(): Promise<number> {
    // One pass at a time in this process; replicas are kept apart by the row locks.
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.fireAll();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async fireAll(): Promise<number> {
    let fired = 0;
    for (;;) {
      const batch = await this.store.transaction(async (tx) => {
        const now = this.clock.now();
        const due = await this.records.takeDueTimers(tx, now, BATCH);
        for (const timer of due) {
          await this.triage.reassessComplaint(tx, timer.complaintId, {
            actor: TRIAGE_ACTOR,
            correlationId: randomUUID(),
          });
          await this.records.markFired(tx, timer.complaintId, timer.rule, now);
        }
        return due.length;
      });
      fired += batch;
      if (batch < BATCH || this.stopped) return fired;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.fireDue()
        .then((fired) => {
          if (fired > 0) this.logger.log(`${fired} escalation timer(s) fired`);
        })
        .catch((error: unknown) => this.logger.error(`escalation timers: ${String(error)}`))
        .finally(() => this.schedule());
    }, this.config.TRIAGE_TIMER_POLL_MS);
    this.timer.unref();
  }
}
