import type { Duration } from '@redress/business-time';
import type {
  AttemptOutcome,
  ComplaintResolvedData,
  CorrectiveActionKind,
  GoodwillKind,
  Money,
} from '@redress/contracts';

/**
 * What can be asked of a complaint's follow-up. Pure data: ids, times (`at`) and the acting
 * person (`by`, a token subject) arrive in the command; the decider never reads a clock.
 *
 * From resolution's `ComplaintResolved`: ScheduleFollowUp. From people (the Follow-up API):
 * RecordAttempt, RecordSurvey, RequestCorrectiveAction, CompleteCorrectiveAction, RecordGoodwill,
 * PublishCaseStudy. From durable timers: RecordCorrectiveActionOverdue, RemindCaseStudy.
 */
export type FollowUpCommand =
  | { type: 'ScheduleFollowUp'; complaintId: string; at: string; resolved: ComplaintResolvedData }
  | {
      type: 'RecordAttempt';
      complaintId: string;
      at: string;
      by: string;
      outcome: AttemptOutcome;
      note?: string;
    }
  | {
      type: 'RecordSurvey';
      complaintId: string;
      at: string;
      by: string;
      satisfaction: number;
      resolved: boolean;
      ratings: { efficiency: number; attitude: number; outcome: number };
      comment?: string;
    }
  | {
      type: 'RequestCorrectiveAction';
      complaintId: string;
      at: string;
      by: string;
      actionId: string;
      kind: CorrectiveActionKind;
      /** The responsible department; the complaint's own when not given. */
      department?: string;
      owner: string;
      description: string;
      /** A due time, or a duration on the business calendar from `at`. */
      due: { at: string } | { within: Duration };
    }
  | {
      type: 'CompleteCorrectiveAction';
      complaintId: string;
      at: string;
      by: string;
      actionId: string;
      note?: string;
    }
  | {
      type: 'RecordCorrectiveActionOverdue';
      complaintId: string;
      at: string;
      actionId: string;
      dueAt: string;
    }
  | {
      type: 'RecordGoodwill';
      complaintId: string;
      at: string;
      by: string;
      gestureId: string;
      kind: GoodwillKind;
      value?: Money;
      note?: string;
    }
  | {
      type: 'PublishCaseStudy';
      complaintId: string;
      at: string;
      by: string;
      caseStudyId: string;
      title: string;
      summary: string;
      lessons?: string;
      keywords: string[];
      language: string;
    }
  | {
      type: 'RemindCaseStudy';
      complaintId: string;
      at: string;
      stage: 'due_soon' | 'overdue';
      dueAt: string;
    };
