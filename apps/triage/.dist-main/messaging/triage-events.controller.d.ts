import { KafkaEventContext } from '@redress/nest-messaging';
import { TriageInbox } from '../application/inbox/triage-inbox';
type Received = Awaited<ReturnType<TriageInbox['receive']>>;
/**
 * Where other services' events enter triage: one `@EventPattern` per CloudEvent type it reads,
 * on any of its subscribed topics (`SUBSCRIBED_TOPICS`). Each goes to `TriageInbox`, which
 * validates it (a contract's `InvalidEvent`, e.g. a key that is not the complaint's id, is
 * dead-lettered at once by the transport), decides and records it exactly once in effect. Other
 * types on these topics have no handler and are passed over.
 */
export declare class TriageEventsController {
    private readonly inbox;
    constructor(inbox: TriageInbox);
    /**
     * From intake: a complaint registered, acknowledged, amended, linked to a duplicate, withdrawn.
     * Acknowledgements change nothing in triage but are still checked like the others.
     */
    fromIntake(event: unknown, context: KafkaEventContext): Promise<Received>;
    /** From resolution and follow-up: the complaint resolved, closed or reopened. */
    lifecycle(event: unknown, context: KafkaEventContext): Promise<Received>;
    /** From analytics: a hot topic detected or cooled. */
    hotTopics(event: unknown, context: KafkaEventContext): Promise<Received>;
}
export {};
