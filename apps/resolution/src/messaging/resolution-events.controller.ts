import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { KafkaEventContext } from '@redress/nest-messaging';
import { ResolutionInbox, type Received } from '../application/inbox/resolution-inbox';

/**
 * Where other services' events enter resolution: one `@EventPattern` per CloudEvent type it
 * reads. Each goes to `ResolutionInbox`, which validates it, turns it into a command of the case
 * and records it exactly once in effect. Other types on these topics have no handler and are
 * passed over.
 */
@Controller()
export class ResolutionEventsController {
  constructor(private readonly inbox: ResolutionInbox) {}

  /** From triage: a case opens, is regraded, escalated, or gets a reopened round's deadlines. */
  @EventPattern([
    'ComplaintTriaged',
    'ComplaintReclassified',
    'ComplaintEscalated',
    'ComplaintDeadlinesReissued',
  ])
  fromTriage(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<Received> {
    return this.inbox.receive(event, context.getKey());
  }

  /** From intake and follow-up: the customer withdrew; the customer was unhappy (reopened). */
  @EventPattern(['ComplaintWithdrawn', 'ComplaintReopened'])
  lifecycle(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<Received> {
    return this.inbox.receive(event, context.getKey());
  }
}
