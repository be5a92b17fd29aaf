import { type EscalationClass, type Severity } from '@redress/contracts';
/** Severity and escalation class are ordered; these compare and combine them. */
export declare function severityRank(severity: Severity): number;
export declare function classRank(escalationClass: EscalationClass): number;
export declare function higherSeverity(a: Severity, b: Severity): Severity;
export declare function higherClass(a: EscalationClass, b: EscalationClass): EscalationClass;
