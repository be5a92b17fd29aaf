// The pure triage domain (DOMAIN §2): policy as data, classification, routing, severity,
// escalation, SLA deadlines and the decisions built from them. No NestJS, no I/O.
export type * from './triage-policy';
export { DEFAULT_TRIAGE_POLICY } from './default-policy';
export { validatePolicy, type PolicyProblem } from './policy-validation';
export { acceptPolicy, compilePolicy, type CompiledPolicy } from './compiled-policy';
export { summarisePolicyChange } from './policy-diff';
export { normaliseText } from './text-normaliser';
export {
  factsFromRegistration,
  amendFacts,
  receivedAtOf,
  clusterKey,
  subjectKey,
  CLUSTER_SUBJECT_FIELDS,
  DEFAULT_CLUSTER_SUBJECTS,
  type ClusterSubjectField,
  type ComplaintFacts,
  type ComplaintStatus,
  type TriageContext,
} from './complaint-facts';
export { hotTopicScope, type HotTopicAbout, type HotTopicScope } from './hot-topic-scope';
export { clusterWindow, type ClusterMember, type ClusterWindow } from './cluster-window';
export { classify, type Classification, type ClassifyOptions } from './classification.policy';
export { route, type Routing } from './routing.policy';
export { assessSeverity, type SeverityAssessment, type SeverityFiring } from './severity.policy';
export {
  assessEscalation,
  escalationTimers,
  recipientsFor,
  type EscalationAssessment,
  type EscalationFiring,
  type EscalationTimer,
  type Recipients,
} from './escalation.policy';
export { deadlinesFor, earliestDeadlines, type TriageCustomerTier } from './sla.policy';
export {
  triage,
  reassess,
  reclassify,
  reissueDeadlines,
  reviewRequestFor,
  type Reassessment,
  type SupervisorReclassification,
} from './triage.decider';
export { evolve, mergeRules, type TriageDecision, type TriageStreamEvent } from './triage-decision';
export {
  InvalidTriagePolicy,
  ReasonRequired,
  NothingToReclassify,
  ImportedComplaintIsHistory,
} from './errors';
