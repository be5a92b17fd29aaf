import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { KafkaEventContext } from '@redress/nest-messaging';
import { FollowUpInbox, type Received } from '../application/inbox/followup-inbox';

/** Where resolution's events enter follow-up; other types on its topic are passed over. */
@Controller()
export class FollowUpEventsController {
  constructor(private readonly inbox: FollowUpInbox) {}

  @EventPattern('ComplaintResolved')
  resolved(@Payload() event: unknown, @Ctx() context: KafkaEventContext): Promise<Received> {
    return this.inbox.receive(event, context.getKey());
  }
}
