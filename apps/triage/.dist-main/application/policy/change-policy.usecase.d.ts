import { type EventStore } from '@redress/event-store';
import type { EventContext } from '../triage-events';
import { PolicyStore, type PolicyVersion } from './policy-store';
/** `GET/PUT /triage/policy`: the policy in force, and a new version of it. */
export declare class ChangePolicy {
    private readonly store;
    private readonly policies;
    constructor(store: EventStore, policies: PolicyStore);
    current(): Promise<PolicyVersion>;
    execute(policy: unknown, context: EventContext, idempotencyKey?: string): Promise<PolicyVersion>;
}
