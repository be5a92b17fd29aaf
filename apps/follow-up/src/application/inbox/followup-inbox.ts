import { Inject, Injectable, Logger } from '@nestjs/common';
import { assertKeyedBy, ComplaintResolved, EventRegistry } from '@redress/contracts';
import { processOnce, retryOnConflict, type EventStore } from '@redress/event-store';
import { FollowUpHandling } from '../followup-handling';
import { FOLLOWUP_ACTOR } from '../followup-events';
import { FOLLOWUP_EVENT_STORE } from '../tokens';

/** The events follow-up reacts to; every other type on its topics is passed over. */
export const inboundEvents = new EventRegistry([ComplaintResolved]);

/** The ledger name under which follow-up records the inbound events it processed. */
export const FOLLOWUP_CONSUMER = 'followup';

export type Received = 'processed' | 'duplicate' | 'ignored';

/**
 * Where resolution's events enter follow-up: `ComplaintResolved` schedules the round's
 * satisfaction callback (`ScheduleFollowUp`), exactly once by event id; a redelivery, or the same
 * round again, changes nothing. An event that does not validate is dead-lettered by the transport.
 */
@Injectable()
export class FollowUpInbox {
  private readonly logger = new Logger('FollowUpInbox');

  constructor(
    @Inject(FOLLOWUP_EVENT_STORE) private readonly store: EventStore,
    private readonly followUps: FollowUpHandling,
  ) {}

  async receive(value: unknown, key: string | null): Promise<Received> {
    const event = inboundEvents.parse(value);
    if (!event) return 'ignored';
    const complaintId = event.data.complaintId;
    assertKeyedBy(event, complaintId, key);
    return retryOnConflict(() =>
      processOnce(this.store, FOLLOWUP_CONSUMER, event.id, async (tx) => {
        const { events } = await this.followUps.handle(
          tx,
          complaintId,
          {
            type: 'ScheduleFollowUp',
            complaintId,
            at: this.followUps.now().toISOString(),
            resolved: event.data,
          },
          { actor: FOLLOWUP_ACTOR, correlationId: event.correlationid, causationId: event.id },
        );
        if (events.length === 0) {
          this.logger.log(
            `ComplaintResolved ${event.id}: complaint ${complaintId} already followed up`,
          );
        }
      }),
    );
  }
}
