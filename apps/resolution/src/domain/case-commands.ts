import type { Duration } from '@redress/business-time';
import type {
  ClassificationSnapshot,
  ClockCalendar,
  ComplaintTriagedData,
  ContactChannel,
  EscalationClass,
  Evidence,
  RemedyOption,
  Responsibility,
  Severity,
  SlaClock,
  SupervisionMilestone,
  TriageDeadlines,
} from '@redress/contracts';
import type { StaffActor } from './approval.policy';

/**
 * What can be asked of a case. Pure data: ids (remedy, action), times (`at`, the moment the
 * command is decided) and the acting person arrive inside the command; the decider never reads a
 * clock or makes an id.
 *
 * From other services' events (the application maps each to one command): OpenCase
 * (`ComplaintTriaged`), ApplyReclassification (`ComplaintReclassified`), ApplyEscalation
 * (`ComplaintEscalated`), ApplyReissuedDeadlines (triage's deadlines of a reopening),
 * WithdrawCase (`ComplaintWithdrawn`), ReopenCase (`ComplaintReopened`).
 * From people (the Resolution API): AssignCase, RecordContact, RecordInvestigation, ProposeRemedy,
 * ApproveRemedy, RejectRemedy, RecordCustomerDecision, ScheduleAction, CompleteAction, ResolveCase.
 * From durable timers: RecordSlaWarning, RecordSlaBreach, RecordMilestoneMissed.
 */
export type CaseCommand =
  | { type: 'OpenCase'; complaintId: string; at: string; triaged: ComplaintTriagedData }
  | {
      type: 'ApplyReclassification';
      complaintId: string;
      at: string;
      classification: ClassificationSnapshot;
      approver: string;
      deadlines: TriageDeadlines;
    }
  | {
      type: 'ApplyEscalation';
      complaintId: string;
      at: string;
      escalationClass: EscalationClass;
      severity?: Severity;
      approver: string;
      deadlines?: TriageDeadlines;
    }
  | {
      type: 'ApplyReissuedDeadlines';
      complaintId: string;
      at: string;
      /** The reopening these deadlines are for (follow-up's `reopenedAt`). */
      reopenedAt: string;
      severity: Severity;
      escalationClass: EscalationClass;
      approver: string;
      deadlines: TriageDeadlines;
    }
  | { type: 'WithdrawCase'; complaintId: string; at: string; reason?: string }
  /** `at` is follow-up's `reopenedAt`: the reopening is known by it. */
  | { type: 'ReopenCase'; complaintId: string; at: string; reason?: string }
  | {
      type: 'AssignCase';
      complaintId: string;
      at: string;
      by: StaffActor;
      assignee: { id: string; department: string };
    }
  | {
      type: 'RecordContact';
      complaintId: string;
      at: string;
      by: StaffActor;
      channel: ContactChannel;
      summary?: string;
      /** The approved plan put to the customer in this contact. */
      remedyId?: string;
    }
  | {
      type: 'RecordInvestigation';
      complaintId: string;
      at: string;
      by: StaffActor;
      rootCause: string;
      responsibility: Responsibility;
      evidence: Evidence[];
      sharedWith?: string[];
    }
  | {
      type: 'ProposeRemedy';
      complaintId: string;
      at: string;
      by: StaffActor;
      remedyId: string;
      options: RemedyOption[];
      rationale?: string;
    }
  | {
      type: 'ApproveRemedy';
      complaintId: string;
      at: string;
      by: StaffActor;
      remedyId: string;
      /** Needed only when the caller may approve for more than one pending body. */
      body?: string;
      note?: string;
    }
  | {
      type: 'RejectRemedy';
      complaintId: string;
      at: string;
      by: StaffActor;
      remedyId: string;
      body?: string;
      reason: string;
    }
  | {
      type: 'RecordCustomerDecision';
      complaintId: string;
      at: string;
      by: StaffActor;
      remedyId: string;
      decision: { accepted: string } | { declined: true; reason?: string };
    }
  | {
      type: 'ScheduleAction';
      complaintId: string;
      at: string;
      by: StaffActor;
      actionId: string;
      description: string;
      owner: { id: string; department?: string };
      /** A due time, or a duration counted from `at` on a calendar (DOMAIN §3: "within 3 business days"). */
      due: { at: string } | { within: Duration; calendar: ClockCalendar };
    }
  | {
      type: 'CompleteAction';
      complaintId: string;
      at: string;
      by: StaffActor;
      actionId: string;
      note?: string;
    }
  | { type: 'ResolveCase'; complaintId: string; at: string; by: StaffActor; summary: string }
  | {
      type: 'RecordSlaWarning' | 'RecordSlaBreach';
      complaintId: string;
      at: string;
      clock: SlaClock;
      actionId?: string;
      round: number;
      dueAt: string;
    }
  | {
      type: 'RecordMilestoneMissed';
      complaintId: string;
      at: string;
      round: number;
      milestone: SupervisionMilestone;
      dueAt: string;
    };

export type CaseCommandType = CaseCommand['type'];
