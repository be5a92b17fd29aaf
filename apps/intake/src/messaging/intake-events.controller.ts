import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { KafkaEventContext } from '@redress/nest-messaging';
import { RecordProgress } from '../application/record-progress/record-progress.usecase';
import { RecordRouting } from '../application/record-routing/record-routing.usecase';

type Received = Awaited<ReturnType<RecordRouting['receive']>>;

/**
 * Where other services' events enter intake: triage's routing decisions, which set the
 * department a complaint belongs to from then on, and the lifecycle events of triage,
 * resolution and follow-up, which move the customer's public status. `ComplaintTriaged` and
 * `ComplaintReclassified` go to both handlers, side by side (each records the event once under a
 * name of its own). Other types have no handler and are passed over; an invalid event is
 * dead-lettered by the transport.
 */
@Controller()
export class IntakeEventsController {
  constructor(
    private readonly routing: RecordRouting,
    private readonly progress: RecordProgress,
  ) {}

  @EventPattern(['ComplaintTriaged', 'ComplaintReclassified'])
  routed(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<Received> {
    return this.routing.receive(event, context.getKey());
  }

  @EventPattern([
    'ComplaintTriaged',
    'ComplaintReclassified',
    'ComplaintEscalated',
    'ComplaintDeadlinesReissued',
    'CaseAssigned',
    'CustomerContacted',
    'InvestigationRecorded',
    'RemedyProposed',
    'RemedyApproved',
    'RemedyRejected',
    'RemedyAccepted',
    'RemedyDeclined',
    'ActionScheduled',
    'ActionCompleted',
    'ComplaintResolved',
    'ComplaintReopened',
    'ComplaintClosed',
  ])
  progressed(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<Received> {
    return this.progress.receive(event, context.getKey());
  }
}
