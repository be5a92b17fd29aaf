import { type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { EventStore, Sql } from '@redress/event-store';
import { type CompiledPolicy, type TriagePolicy } from '../../domain';
import { type EventContext } from '../triage-events';
export interface PolicyVersion {
    version: number;
    policy: TriagePolicy;
    changedBy: string;
    changedAt: string;
}
/**
 * The triage policy is data, versioned: each version is a row of `triage.policies` and a
 * `TriagePolicyChanged` event, written in one transaction. Decisions use the newest version at
 * the time they are made and record its number. The compiled form is cached per version; every
 * decision's transaction asks which version is current, so a change made through any replica
 * applies to the next decision of every replica.
 */
export declare class PolicyStore implements OnModuleInit {
    private readonly store;
    private readonly clock;
    private readonly logger;
    private cached;
    /** Until when the cached version is taken as current without asking the database. */
    private checkedUntil;
    constructor(store: EventStore, clock: Clock);
    /** Before anything decides: the first start stores the default policy as version 1. */
    onModuleInit(): Promise<void>;
    ensureInitialised(): Promise<void>;
    /**
     * The policy decisions made in this transaction use. A change through this replica applies to
     * its next decision; one through another replica within `POLICY_RECHECK_MS`.
     */
    current(tx: Sql): Promise<CompiledPolicy>;
    /** After a change committed: the next decision of this replica asks which version is current. */
    invalidate(): void;
    read(tx: Sql): Promise<PolicyVersion>;
    /**
     * Stores a new version: validated first (InvalidTriagePolicy: 400 naming each bad part), then
     * appended to the policy stream at the version read, so two concurrent changes cannot both
     * build on the same predecessor.
     */
    change(tx: Sql, policy: unknown, context: EventContext): Promise<PolicyVersion>;
    private save;
    private currentVersion;
}
