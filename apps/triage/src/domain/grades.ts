import {
  ESCALATION_CLASSES,
  SEVERITIES,
  type EscalationClass,
  type Severity,
} from '@redress/contracts';

/** Severity and escalation class are ordered; these compare and combine them. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function classRank(escalationClass: EscalationClass): number {
  return ESCALATION_CLASSES.indexOf(escalationClass);
}

export function higherSeverity(a: Severity, b: Severity): Severity {
  return severityRank(b) > severityRank(a) ? b : a;
}

export function higherClass(a: EscalationClass, b: EscalationClass): EscalationClass {
  return classRank(b) > classRank(a) ? b : a;
}
