import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  assertKeyedBy,
  ComplaintDeadlinesReissued,
  ComplaintEscalated,
  ComplaintReclassified,
  ComplaintReopened,
  ComplaintTriaged,
  ComplaintWithdrawn,
  EventRegistry,
} from '@redress/contracts';
import { processOnce, retryOnConflict, type EventStore, type Sql } from '@redress/event-store';
import { CaseNotFound, InvalidTransition, type CaseCommand } from '../../domain';
import { CaseHandling } from '../case-handling';
import { CaseRecords } from '../case-records';
import { RESOLUTION_ACTOR, type EventContext } from '../resolution-events';
import { RESOLUTION_EVENT_STORE } from '../tokens';

/** The events resolution reacts to; every other type on its topics is passed over. */
export const inboundEvents = new EventRegistry([
  ComplaintTriaged,
  ComplaintReclassified,
  ComplaintEscalated,
  ComplaintDeadlinesReissued,
  ComplaintWithdrawn,
  ComplaintReopened,
]);

type Inbound = NonNullable<ReturnType<typeof inboundEvents.parse>>;

/** The ledger name under which resolution records the inbound events it processed. */
export const RESOLUTION_CONSUMER = 'resolution';

export type Received = 'processed' | 'duplicate' | 'ignored';

/**
 * Where other services' events enter resolution: each is validated (an invalid one throws
 * `InvalidEvent`, which the transport dead-letters), turned into one command of the case and
 * handled exactly once in effect — the event id is recorded in the transaction that appends what
 * it decided. An event about a case that has not opened yet (intake's withdrawal can overtake
 * triage's decision) is parked and applied when `ComplaintTriaged` opens the case. One the case's
 * state refuses (a withdrawal after the resolution) is recorded as processed and logged: it is a
 * fact of another service that no longer changes this case, not a failure to retry.
 *
 * An imported complaint (`ComplaintTriaged.imported`, history brought in by an import) opens no
 * case: its decision is recorded as processed, the complaint is remembered as imported, and what
 * was parked for it, or arrives about it later, is recorded as processed and dropped — never
 * parked for a case that will not open.
 */
@Injectable()
export class ResolutionInbox {
  private readonly logger = new Logger('ResolutionInbox');

  constructor(
    @Inject(RESOLUTION_EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseHandling,
    private readonly records: CaseRecords,
  ) {}

  async receive(value: unknown, key: string | null): Promise<Received> {
    const event = inboundEvents.parse(value);
    if (!event) return 'ignored';
    assertKeyedBy(event, event.data.complaintId, key);
    return retryOnConflict(() =>
      processOnce(this.store, RESOLUTION_CONSUMER, event.id, (tx) => this.apply(tx, event)),
    );
  }

  private async apply(tx: Sql, event: Inbound): Promise<void> {
    const complaintId = event.data.complaintId;
    const cause: EventContext = {
      actor: RESOLUTION_ACTOR,
      correlationId: event.correlationid,
      causationId: event.id,
    };
    if (event.type === 'ComplaintTriaged' && event.data.imported === true) {
      return this.recordImported(tx, complaintId, event.id);
    }
    try {
      await this.cases.handle(tx, complaintId, this.commandOf(event), cause);
    } catch (error) {
      if (error instanceof CaseNotFound) {
        if (await this.records.isImported(tx, complaintId)) {
          this.logger.log(
            `${event.type} ${event.id} is about imported complaint ${complaintId}: no case, dropped`,
          );
          return;
        }
        await this.records.park(tx, complaintId, event.id, event, this.cases.now());
        this.logger.log(
          `${event.type} ${event.id} arrived before case ${complaintId} opened: parked`,
        );
        return;
      }
      if (error instanceof InvalidTransition) {
        this.logger.warn(
          `${event.type} ${event.id} left case ${complaintId} as it was: ${error.message}`,
        );
        return;
      }
      throw error;
    }
    if (event.type === 'ComplaintTriaged') {
      for (const parked of await this.records.unpark(tx, complaintId)) {
        const earlier = inboundEvents.parse(parked.event);
        if (earlier && earlier.type !== 'ComplaintTriaged') await this.apply(tx, earlier);
      }
    }
  }

  /** An imported complaint: no case; the events parked for it will never apply. */
  private async recordImported(tx: Sql, complaintId: string, eventId: string): Promise<void> {
    await this.records.markImported(tx, complaintId, this.cases.now());
    const dropped = await this.records.unpark(tx, complaintId);
    this.logger.log(
      `ComplaintTriaged ${eventId}: complaint ${complaintId} was imported, no case opened` +
        (dropped.length > 0 ? `; ${dropped.length} parked event(s) about it dropped` : ''),
    );
  }

  /** The case's command for another service's event; times are the events' own. */
  private commandOf(event: Inbound): CaseCommand {
    const complaintId = event.data.complaintId;
    switch (event.type) {
      case 'ComplaintTriaged':
        return {
          type: 'OpenCase',
          complaintId,
          at: this.cases.now().toISOString(),
          triaged: event.data,
        };
      case 'ComplaintReclassified':
        return {
          type: 'ApplyReclassification',
          complaintId,
          at: event.data.reclassifiedAt,
          classification: event.data.after,
          approver: event.data.approver,
          deadlines: event.data.deadlines,
        };
      case 'ComplaintEscalated':
        return {
          type: 'ApplyEscalation',
          complaintId,
          at: event.data.escalatedAt,
          escalationClass: event.data.to,
          ...(event.data.severity ? { severity: event.data.severity.to } : {}),
          approver: event.data.approver,
          ...(event.data.deadlines ? { deadlines: event.data.deadlines } : {}),
        };
      case 'ComplaintDeadlinesReissued':
        return {
          type: 'ApplyReissuedDeadlines',
          complaintId,
          at: event.data.reissuedAt,
          reopenedAt: event.data.reopenedAt,
          severity: event.data.severity,
          escalationClass: event.data.escalationClass,
          approver: event.data.approver,
          deadlines: event.data.deadlines,
        };
      case 'ComplaintWithdrawn':
        return {
          type: 'WithdrawCase',
          complaintId,
          at: event.data.withdrawnAt,
          ...(event.data.reason !== undefined ? { reason: event.data.reason } : {}),
        };
      case 'ComplaintReopened':
        return {
          type: 'ReopenCase',
          complaintId,
          at: event.data.reopenedAt,
          ...(event.data.reason !== undefined ? { reason: event.data.reason } : {}),
        };
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }
}
