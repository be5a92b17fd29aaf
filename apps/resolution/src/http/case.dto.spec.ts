import {
  ActionCompleted,
  ActionScheduled,
  CaseAssigned,
  ComplaintResolved,
  CustomerContacted,
  InvestigationRecorded,
  RemedyApproved,
  RemedyDeclined,
  RemedyProposed,
  RemedyRejected,
} from '@redress/contracts';
import { dtoSchema } from '@redress/platform';
import { schemaGaps, type ComparedSchema } from '@redress/testing';
import {
  ActionCompletionDto,
  ActionDto,
  ApprovalDto,
  AssignmentDto,
  ContactDto,
  CustomerDecisionDto,
  InvestigationDto,
  RemedyPlanDto,
  ResolutionDto,
} from './case.dto';

/**
 * What each command's DTO accepts, the event it becomes accepts (issue 10): walked field by
 * field. `supplied` are the fields the service fills in (ids, times, the caller, the round);
 * `merged` maps a DTO field to where it lands in the event.
 */
const gaps = (
  dto: new (...args: never[]) => unknown,
  event: { schema: unknown },
  options: Parameters<typeof schemaGaps>[2],
) => schemaGaps(dtoSchema(dto) as ComparedSchema, event.schema as ComparedSchema, options);

describe('resolution DTOs against the events they become', () => {
  it('assignment → CaseAssigned', () => {
    expect(
      gaps(AssignmentDto, CaseAssigned, {
        supplied: [
          'complaintId',
          'assignedAt',
          'assignedBy',
          'assignee',
          'department',
          'previousAssignee',
        ],
        transformed: { assignee: null },
      }),
    ).toEqual([]);
  });

  it('contacts → CustomerContacted', () => {
    expect(
      gaps(ContactDto, CustomerContacted, {
        supplied: ['complaintId', 'contactedAt', 'contactedBy', 'round', 'firstInRound'],
      }),
    ).toEqual([]);
  });

  it('investigation → InvestigationRecorded', () => {
    expect(
      gaps(InvestigationDto, InvestigationRecorded, {
        supplied: ['complaintId', 'recordedAt', 'recordedBy', 'evidence', 'sharedWith'],
        merged: { evidence: 'evidence', sharedWith: 'sharedWith' },
        // The event's sha256 format is the DTO's pattern (lower-case hex).
        transformed: { 'evidence[].sha256': 'evidence[].sha256' },
      }),
    ).toEqual([]);
  });

  it('remedies → RemedyProposed', () => {
    expect(
      gaps(RemedyPlanDto, RemedyProposed, {
        supplied: [
          'complaintId',
          'remedyId',
          'proposedAt',
          'proposedBy',
          'round',
          'requiredApprovals',
        ],
      }),
    ).toEqual([]);
  });

  it('approval → RemedyApproved or RemedyRejected', () => {
    const supplied = ['complaintId', 'remedyId', 'body', 'remainingApprovals', 'crisisContactBy'];
    expect(
      gaps(ApprovalDto, RemedyApproved, {
        supplied: [...supplied, 'approvedAt', 'approvedBy'],
        transformed: { decision: null, reason: null, body: null },
      }),
    ).toEqual([]);
    expect(
      gaps(ApprovalDto, RemedyRejected, {
        supplied: [...supplied, 'rejectedAt', 'rejectedBy', 'reason'],
        merged: { reason: 'reason' },
        transformed: { decision: null, note: null, body: null },
      }),
    ).toEqual([]);
  });

  it('customer-decision (declined) → RemedyDeclined', () => {
    expect(
      gaps(CustomerDecisionDto, RemedyDeclined, {
        supplied: [
          'complaintId',
          'declinedAt',
          'recordedBy',
          'newPlanBy',
          'newPlanClock',
          'calendar',
        ],
        transformed: { decision: null, optionId: null },
      }),
    ).toEqual([]);
  });

  it('actions → ActionScheduled, completion → ActionCompleted, resolution → ComplaintResolved', () => {
    expect(
      gaps(ActionDto, ActionScheduled, {
        supplied: [
          'complaintId',
          'actionId',
          'remedyId',
          'owner',
          'dueAt',
          'calendar',
          'scheduledAt',
          'scheduledBy',
        ],
        transformed: { owner: null, dueAt: null, within: null, calendar: null },
      }),
    ).toEqual([]);
    expect(
      gaps(ActionCompletionDto, ActionCompleted, {
        supplied: ['complaintId', 'actionId', 'completedAt', 'completedBy', 'late'],
      }),
    ).toEqual([]);
    expect(
      gaps(ResolutionDto, ComplaintResolved, { supplied: ['complaintId', 'resolvedAt'] }),
    ).toEqual([]);
  });
});
