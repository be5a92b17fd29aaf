import { EventRegistry, type Actor } from '@redress/contracts';
/** Triage's own events, validated before they are appended and when read back. */
export declare const triageEvents: EventRegistry<import("@redress/contracts").EventDefinition<"ComplaintTriaged", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
    category: import("@sinclair/typebox").TString;
    subcategory: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    severity: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"minor" | "general" | "serious" | "major">[]>;
    escalationClass: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"general" | "major" | "important" | "hot">[]>;
    department: import("@sinclair/typebox").TString;
    customerTier: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"high" | "medium" | "low">[]>, import("@sinclair/typebox").TLiteral<"unknown">]>;
    deadlines: import("@sinclair/typebox").TObject<{
        respondBy: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        planBy: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        resolveBy: import("@sinclair/typebox").TString;
    }>;
    rulesFired: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        rule: import("@sinclair/typebox").TString;
        reason: import("@sinclair/typebox").TString;
    }>>;
    policyVersion: import("@sinclair/typebox").TInteger;
    confidence: import("@sinclair/typebox").TNumber;
    needsReview: import("@sinclair/typebox").TBoolean;
    notify: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    approver: import("@sinclair/typebox").TString;
    reportToHeadquarters: import("@sinclair/typebox").TBoolean;
    registeredAt: import("@sinclair/typebox").TString;
    triagedAt: import("@sinclair/typebox").TString;
    overriddenFields: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"type" | "category" | "subcategory" | "severity" | "escalationClass" | "department">[]>>>;
}>> | import("@redress/contracts").EventDefinition<"ComplaintReclassified", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    reclassifiedAt: import("@sinclair/typebox").TString;
    by: import("@sinclair/typebox").TObject<{
        kind: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"supervisor">, import("@sinclair/typebox").TLiteral<"admin">, import("@sinclair/typebox").TLiteral<"system">]>;
        id: import("@sinclair/typebox").TString;
    }>;
    reason: import("@sinclair/typebox").TString;
    before: import("@sinclair/typebox").TObject<{
        type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
        category: import("@sinclair/typebox").TString;
        subcategory: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        severity: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"minor" | "general" | "serious" | "major">[]>;
        escalationClass: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"general" | "major" | "important" | "hot">[]>;
        department: import("@sinclair/typebox").TString;
    }>;
    after: import("@sinclair/typebox").TObject<{
        type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
        category: import("@sinclair/typebox").TString;
        subcategory: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        severity: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"minor" | "general" | "serious" | "major">[]>;
        escalationClass: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"general" | "major" | "important" | "hot">[]>;
        department: import("@sinclair/typebox").TString;
    }>;
    changedFields: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"type" | "category" | "subcategory" | "severity" | "escalationClass" | "department">[]>>;
    deadlines: import("@sinclair/typebox").TObject<{
        respondBy: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        planBy: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        resolveBy: import("@sinclair/typebox").TString;
    }>;
    confidence: import("@sinclair/typebox").TNumber;
    needsReview: import("@sinclair/typebox").TBoolean;
    notify: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    approver: import("@sinclair/typebox").TString;
    reportToHeadquarters: import("@sinclair/typebox").TBoolean;
    overriddenFields: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"type" | "category" | "subcategory" | "severity" | "escalationClass" | "department">[]>>;
    rulesFired: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        rule: import("@sinclair/typebox").TString;
        reason: import("@sinclair/typebox").TString;
    }>>;
    policyVersion: import("@sinclair/typebox").TInteger;
}>> | import("@redress/contracts").EventDefinition<"ComplaintEscalated", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    escalatedAt: import("@sinclair/typebox").TString;
    from: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"general" | "major" | "important" | "hot">[]>;
    to: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"general" | "major" | "important" | "hot">[]>;
    severity: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        from: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"minor" | "general" | "serious" | "major">[]>;
        to: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"minor" | "general" | "serious" | "major">[]>;
    }>>;
    rulesFired: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        rule: import("@sinclair/typebox").TString;
        reason: import("@sinclair/typebox").TString;
    }>>;
    notify: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    approver: import("@sinclair/typebox").TString;
    reportToHeadquarters: import("@sinclair/typebox").TBoolean;
    deadlines: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TObject<{
        respondBy: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        planBy: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        resolveBy: import("@sinclair/typebox").TString;
    }>>;
    policyVersion: import("@sinclair/typebox").TInteger;
}>> | import("@redress/contracts").EventDefinition<"TriageReviewRequested", import("@sinclair/typebox").TObject<{
    complaintId: import("@sinclair/typebox").TString;
    requestedAt: import("@sinclair/typebox").TString;
    reason: import("@sinclair/typebox").TString;
    confidence: import("@sinclair/typebox").TNumber;
    threshold: import("@sinclair/typebox").TNumber;
    candidates: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
        category: import("@sinclair/typebox").TString;
        subcategory: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        score: import("@sinclair/typebox").TNumber;
    }>>;
    policyVersion: import("@sinclair/typebox").TInteger;
}>> | import("@redress/contracts").EventDefinition<"TriagePolicyChanged", import("@sinclair/typebox").TObject<{
    version: import("@sinclair/typebox").TInteger;
    previousVersion: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TInteger>;
    changedAt: import("@sinclair/typebox").TString;
    changedBy: import("@sinclair/typebox").TObject<{
        kind: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"supervisor">, import("@sinclair/typebox").TLiteral<"admin">, import("@sinclair/typebox").TLiteral<"system">]>;
        id: import("@sinclair/typebox").TString;
    }>;
    summary: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TString>;
    policy: import("@sinclair/typebox").TRecord<import("@sinclair/typebox").TString, import("@sinclair/typebox").TUnknown>;
}>>>;
export declare const TRIAGE_SOURCE = "/redress/triage";
/** The service itself, as the author of automatic decisions. */
export declare const TRIAGE_ACTOR: Actor;
/** Who and what caused the events a command or an inbound event appends. */
export interface EventContext {
    actor: Actor;
    correlationId: string;
    /** The inbound event that caused them, when one did. */
    causationId?: string;
}
