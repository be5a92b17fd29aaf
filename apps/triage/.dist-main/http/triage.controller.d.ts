import { type AuthUser } from '@redress/platform';
import { ChangePolicy } from '../application/policy/change-policy.usecase';
import { TriageQueries } from '../application/queries/triage-queries';
import { ReclassifyComplaint } from '../application/reclassify/reclassify-complaint.usecase';
import { ReclassificationDto, ReviewQueueQuery } from './reclassification.dto';
export declare class TriageController {
    private readonly queries;
    private readonly reclassifyComplaint;
    private readonly changePolicy;
    constructor(queries: TriageQueries, reclassifyComplaint: ReclassifyComplaint, changePolicy: ChangePolicy);
    reviewQueue(query: ReviewQueueQuery, user: AuthUser): Promise<{
        items: import("../application/queries/triage-queries").ReviewQueueItem[];
        nextCursor: string | null;
    }>;
    policy(): Promise<import("../application/policy/policy-store").PolicyVersion>;
    putPolicy(body: unknown, user: AuthUser, key: string | undefined): Promise<import("../application/policy/policy-store").PolicyVersion>;
    decision(id: string, user: AuthUser): Promise<{
        subcategory?: string | undefined;
        overriddenFields?: ("type" | "severity" | "escalationClass" | "subcategory" | "category" | "department")[] | undefined;
        complaintId: string;
        registeredAt: string;
        type: "product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other";
        customerTier: "high" | "medium" | "low" | "unknown";
        severity: "minor" | "general" | "serious" | "major";
        escalationClass: "general" | "major" | "important" | "hot";
        approver: string;
        notify: string[];
        reportToHeadquarters: boolean;
        category: string;
        department: string;
        deadlines: {
            respondBy?: string | undefined;
            planBy?: string | undefined;
            resolveBy: string;
        };
        rulesFired: {
            reason: string;
            rule: string;
        }[];
        policyVersion: number;
        confidence: number;
        needsReview: boolean;
        triagedAt: string;
    }>;
    reclassify(id: string, dto: ReclassificationDto, user: AuthUser, key: string | undefined): Promise<{
        subcategory?: string | undefined;
        overriddenFields?: ("type" | "severity" | "escalationClass" | "subcategory" | "category" | "department")[] | undefined;
        complaintId: string;
        registeredAt: string;
        type: "product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other";
        customerTier: "high" | "medium" | "low" | "unknown";
        severity: "minor" | "general" | "serious" | "major";
        escalationClass: "general" | "major" | "important" | "hot";
        approver: string;
        notify: string[];
        reportToHeadquarters: boolean;
        category: string;
        department: string;
        deadlines: {
            respondBy?: string | undefined;
            planBy?: string | undefined;
            resolveBy: string;
        };
        rulesFired: {
            reason: string;
            rule: string;
        }[];
        policyVersion: number;
        confidence: number;
        needsReview: boolean;
        triagedAt: string;
    }>;
}
