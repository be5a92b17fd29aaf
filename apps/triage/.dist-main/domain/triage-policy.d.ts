import type { CustomerTier, EscalationClass, FlagName, Severity, SubjectType } from '@redress/contracts';
import type { BusinessCalendarConfig, Duration } from '@redress/business-time';
import type { ClusterSubjectField } from './complaint-facts';
/**
 * The triage policy: every rule of DOMAIN §2 as data an enterprise edits (`PUT /triage/policy`),
 * never code. Plain JSON; the service stores it with a version number. `validatePolicy` checks
 * an untrusted document, `compilePolicy` turns a valid one into what decisions run on.
 */
export interface TriagePolicy {
    taxonomy: Taxonomy;
    routing: RoutingTable;
    classification: ClassificationSettings;
    severity: SeverityPolicy;
    escalation: EscalationPolicy;
    sla: SlaPolicy;
    /** A preset name (`cn-mainland-2026`, `24x7`) or a calendar written out. */
    calendar: string | BusinessCalendarConfig;
}
/**
 * A keyword or phrase in any language. Chinese (simplified or traditional) matches as a
 * substring; a Latin word matches case-insensitively on word boundaries, with its regular plural
 * (`injury` also finds `injuries`); a trailing `*` makes a Latin word a prefix (`explo*`).
 */
export type Keyword = string;
/** DOMAIN §2 types (000, 004) are the contract's subject types; each has its own categories. */
export interface Taxonomy {
    types: Record<SubjectType, TaxonomyType>;
}
export interface TaxonomyType {
    label?: string;
    /** Used when nothing in the text points to a category, and for low-confidence triage. */
    defaultCategory: string;
    /**
     * Words that place a complaint in this type without telling which category (`快递`, `parcel`,
     * `物业`): each counts for every category of the type, so it adds evidence for the type and
     * takes no side among its categories. Optional; none by default.
     */
    keywords?: Keyword[];
    categories: Record<string, TaxonomyCategory>;
}
export interface TaxonomyCategory {
    label?: string;
    keywords: Keyword[];
    subcategories?: Record<string, TaxonomySubcategory>;
}
export interface TaxonomySubcategory {
    label?: string;
    keywords: Keyword[];
}
/** DOMAIN §2 "Routing is a table the enterprise edits": type → department, refined by category. */
export interface RoutingTable {
    types: Record<SubjectType, string>;
    /** The most specific matching row wins (a subcategory row beats a category row). */
    overrides: RoutingOverride[];
}
export interface RoutingOverride {
    type: SubjectType;
    category: string;
    subcategory?: string;
    department: string;
}
export interface ClassificationSettings {
    /** Below it the complaint joins the review queue and is routed by type alone. */
    confidenceThreshold: number;
    /** How much a keyword in the title counts, against 1 in the description. */
    titleWeight: number;
}
export interface SeverityPolicy {
    /** The level of a complaint no rule speaks about (DOMAIN §2: I general). */
    default: Severity;
    flags: Partial<Record<FlagName, Severity>>;
    /**
     * Keyword rules. A rule above the default raises the severity; a rule below it (questions,
     * 000's *minor*) lowers it only when nothing else fired.
     */
    rules: SeverityKeywordRule[];
}
export interface SeverityKeywordRule {
    id: string;
    severity: Severity;
    keywords: Keyword[];
}
/** DOMAIN §2 escalation (003). Every rule that fires counts; the highest class wins. */
export interface EscalationPolicy {
    flags: Partial<Record<FlagName, EscalationClass>>;
    /** Collective complaints: one complaint on behalf of several people. */
    collective: CountRule[];
    /**
     * Different complainants, same type and concrete subject, within a window (counted by the
     * service). `subjects`: the identifiers that name a subject, in the order they are looked for
     * (absent: `DEFAULT_CLUSTER_SUBJECTS`); complaints that name none of them form no cluster.
     */
    cluster: {
        windowDays: number;
        rules: CountRule[];
        subjects?: ClusterSubjectField[];
    };
    /** The same problem complained about again after it was closed; null turns it off. */
    repeatAfterClosure: EscalationClass | null;
    /** The complaint belongs to an active hot topic of analytics; null turns it off. */
    hotTopic: EscalationClass | null;
    /** Unresolved this many calendar days after registration. */
    unresolvedAge: AgeRule[];
    keywordRules: EscalationKeywordRule[];
    /** Who is told and who approves, per class. */
    classes: Record<EscalationClass, EscalationRecipients>;
    /** Headquarters' complaint management, told at once of classes that report to it. */
    headquarters: string;
}
export interface CountRule {
    id: string;
    minComplainants: number;
    class: EscalationClass;
}
export interface AgeRule {
    id: string;
    afterDays: number;
    class: EscalationClass;
}
export interface EscalationKeywordRule {
    id: string;
    class: EscalationClass;
    keywords: Keyword[];
}
export interface EscalationRecipients {
    approver: string;
    notify: string[];
    reportToHeadquarters: boolean;
}
/** DOMAIN §2 severity table: targets per level, each on its clock. */
export interface SlaPolicy {
    targets: Record<Severity, SlaTarget>;
    /** DOMAIN §2 customer value: a factor ≤ 1 shortens a tier's clocks; nothing lengthens them. */
    customerTiers: Record<CustomerTier, {
        factor: number;
    }>;
}
export interface SlaTarget {
    clock: SlaClockKind;
    respondWithin?: Duration;
    planWithin?: Duration;
    resolveWithin: Duration;
}
export type SlaClockKind = 'business' | '24/7';
export declare const SLA_CLOCK_KINDS: readonly SlaClockKind[];
