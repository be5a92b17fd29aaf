import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { KafkaEventContext } from '@redress/nest-messaging';
import { RecordRouting } from '../application/record-routing/record-routing.usecase';

type Received = Awaited<ReturnType<RecordRouting['receive']>>;

/**
 * Where other services' events enter intake: triage's routing decisions, which set the
 * department a complaint belongs to from then on. Other types on `complaints.triage.v1` have no
 * handler and are passed over; an invalid event is dead-lettered by the transport.
 */
@Controller()
export class IntakeEventsController {
  constructor(private readonly routing: RecordRouting) {}

  @EventPattern(['ComplaintTriaged', 'ComplaintReclassified'])
  routed(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<Received> {
    return this.routing.receive(event, context.getKey());
  }
}
