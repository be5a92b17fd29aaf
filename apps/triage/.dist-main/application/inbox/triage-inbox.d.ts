import type { Clock } from '@redress/business-time';
import { EventRegistry } from '@redress/contracts';
import { type EventStore } from '@redress/event-store';
import { ComplaintTriage } from '../complaint-triage';
import { HotTopicSweeps } from '../hot-topics/hot-topic-sweeps';
import { TriageRecords } from '../triage-records';
/** The events triage reacts to; every other type on its topics is ignored. */
export declare const inboundEvents: EventRegistry<import("@redress/contracts").EventDefinition<"ComplaintRegistered", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    trackingNo: import("@sinclair/typebox").TString;
    channel: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"hotline" | "web" | "app" | "email" | "social_media" | "wechat" | "store" | "regulator" | "media">[]>;
    registeredAt: import("@sinclair/typebox").TString;
    customer: import("@sinclair/typebox").TObject<{
        customerRef: import("@sinclair/typebox").TString;
        maskedName: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        maskedPhone: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        maskedEmail: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        tier: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"high" | "medium" | "low">[]>>;
    }>;
    subject: import("@sinclair/typebox").TObject<{
        type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
        productSku: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        productModel: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        batchNo: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        orderId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        purchaseChannel: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        purchasedAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        staffId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    }>;
    title: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    description: import("@sinclair/typebox").TString;
    desiredRemedies: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"refund" | "exchange" | "repair" | "apology" | "compensation" | "explanation">[]>>;
    occurredAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    region: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    language: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    complainantCount: import("@sinclair/typebox").TInteger;
    flags: import("@sinclair/typebox").TObject<{
        lawsuitFiled: import("@sinclair/typebox").TBoolean;
        legalThreat: import("@sinclair/typebox").TBoolean;
        mediaExposed: import("@sinclair/typebox").TBoolean;
        mediaThreat: import("@sinclair/typebox").TBoolean;
        regulatorInvolved: import("@sinclair/typebox").TBoolean;
        safetyIncident: import("@sinclair/typebox").TBoolean;
    }>;
    attachments: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        name: import("@sinclair/typebox").TString;
        sha256: import("@sinclair/typebox").TString;
        url: import("@sinclair/typebox").TString;
    }>>;
    receivingDepartment: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
}>> | import("@redress/contracts").EventDefinition<"ComplaintAcknowledged", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    trackingNo: import("@sinclair/typebox").TString;
    acknowledgedAt: import("@sinclair/typebox").TString;
    acknowledgeBy: import("@sinclair/typebox").TString;
    calendar: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"business">, import("@sinclair/typebox").TLiteral<"24/7">]>;
}>> | import("@redress/contracts").EventDefinition<"ComplaintAmended", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    amendedAt: import("@sinclair/typebox").TString;
    changes: import("@sinclair/typebox").TObject<{
        title: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        description: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        subject: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
            type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
            productSku: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            productModel: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            batchNo: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            orderId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            purchaseChannel: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            purchasedAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            staffId: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        }>>;
        desiredRemedies: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"refund" | "exchange" | "repair" | "apology" | "compensation" | "explanation">[]>>>;
        occurredAt: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        region: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        language: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        complainantCount: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
        flags: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
            lawsuitFiled: import("@sinclair/typebox").TBoolean;
            legalThreat: import("@sinclair/typebox").TBoolean;
            mediaExposed: import("@sinclair/typebox").TBoolean;
            mediaThreat: import("@sinclair/typebox").TBoolean;
            regulatorInvolved: import("@sinclair/typebox").TBoolean;
            safetyIncident: import("@sinclair/typebox").TBoolean;
        }>>;
        attachments: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
            name: import("@sinclair/typebox").TString;
            sha256: import("@sinclair/typebox").TString;
            url: import("@sinclair/typebox").TString;
        }>>>;
        customer: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
            customerRef: import("@sinclair/typebox").TString;
            maskedName: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            maskedPhone: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            maskedEmail: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
            tier: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"high" | "medium" | "low">[]>>;
        }>>;
    }>;
    changedFields: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    reason: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
}>> | import("@redress/contracts").EventDefinition<"ComplaintWithdrawn", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    withdrawnAt: import("@sinclair/typebox").TString;
    reason: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
}>> | import("@redress/contracts").EventDefinition<"DuplicateComplaintLinked", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    submissionId: import("@sinclair/typebox").TString;
    channel: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"hotline" | "web" | "app" | "email" | "social_media" | "wechat" | "store" | "regulator" | "media">[]>;
    receivedAt: import("@sinclair/typebox").TString;
    customerRef: import("@sinclair/typebox").TString;
    description: import("@sinclair/typebox").TString;
    flags: import("@sinclair/typebox").TObject<{
        lawsuitFiled: import("@sinclair/typebox").TBoolean;
        legalThreat: import("@sinclair/typebox").TBoolean;
        mediaExposed: import("@sinclair/typebox").TBoolean;
        mediaThreat: import("@sinclair/typebox").TBoolean;
        regulatorInvolved: import("@sinclair/typebox").TBoolean;
        safetyIncident: import("@sinclair/typebox").TBoolean;
    }>;
    complainantCount: import("@sinclair/typebox").TInteger;
}>> | import("@redress/contracts").EventDefinition<"ComplaintResolved", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    resolvedAt: import("@sinclair/typebox").TString;
}>> | import("@redress/contracts").EventDefinition<"ComplaintClosed", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    closedAt: import("@sinclair/typebox").TString;
}>> | import("@redress/contracts").EventDefinition<"ComplaintReopened", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    reopenedAt: import("@sinclair/typebox").TString;
    reason: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
}>> | import("@redress/contracts").EventDefinition<"HotTopicDetected", import("@sinclair/typebox").TObject<{
    topicId: import("@sinclair/typebox").TString;
    detectedAt: import("@sinclair/typebox").TString;
    subjectType: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
    category: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    productSku: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    complaintCount: import("@sinclair/typebox").TInteger;
}>> | import("@redress/contracts").EventDefinition<"HotTopicCooled", import("@sinclair/typebox").TObject<{
    topicId: import("@sinclair/typebox").TString;
    cooledAt: import("@sinclair/typebox").TString;
}>>>;
/** The ledger name under which triage records the inbound events it processed. */
export declare const TRIAGE_CONSUMER = "triage";
/**
 * Where every inbound event enters triage. Each is validated (an invalid one throws
 * `InvalidEvent`, which the messaging layer dead-letters), then handled exactly once in
 * effect: the event id is recorded in the same transaction as everything it changes, so a
 * redelivery finds it and changes nothing.
 */
export declare class TriageInbox {
    private readonly store;
    private readonly clock;
    private readonly triage;
    private readonly records;
    private readonly sweeps;
    private readonly logger;
    constructor(store: EventStore, clock: Clock, triage: ComplaintTriage, records: TriageRecords, sweeps: HotTopicSweeps);
    /**
     * Handles one inbound record: its value and its Kafka key, which on every Redress topic is the
     * complaint the event is about. Returns what happened, for logs and tests.
     */
    receive(value: unknown, key: string | null): Promise<'processed' | 'duplicate' | 'ignored'>;
    private apply;
    /**
     * Re-assesses a triaged complaint with what the event changed. For a complaint triage has not
     * seen yet (its registration is late, or waits in the dead-letter topic), the event is parked
     * and applied when the registration arrives: nothing is recorded as processed and forgotten.
     */
    private applyOrPark;
    /** The events parked for a complaint just triaged, applied in their stream's order. */
    private applyParked;
    /** A lifecycle fact, merged by the event's own order; true when it was the newest known. */
    private mergeLifecycle;
}
