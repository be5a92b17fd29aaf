import {
  CaseStudyPublished,
  CorrectiveActionCompleted,
  CorrectiveActionRequested,
  FollowUpAttempted,
  GoodwillGestureRecorded,
  SatisfactionRecorded,
} from '@redress/contracts';
import { dtoSchema } from '@redress/platform';
import { schemaGaps, type ComparedSchema } from '@redress/testing';
import {
  AttemptDto,
  CaseStudyDto,
  CompletionDto,
  CorrectiveActionDto,
  GoodwillDto,
  SurveyDto,
} from './followup.dto';

/**
 * What each command's DTO accepts, the event it becomes accepts (issue 10), walked field by
 * field; `supplied` are the fields the service fills in.
 */
const gaps = (
  dto: new (...args: never[]) => unknown,
  event: { schema: unknown },
  options: Parameters<typeof schemaGaps>[2],
) => schemaGaps(dtoSchema(dto) as ComparedSchema, event.schema as ComparedSchema, options);

const GRADING = ['department', 'severity', 'escalationClass', 'category'];

describe('follow-up DTOs against the events they become', () => {
  it('attempts → FollowUpAttempted', () => {
    expect(
      gaps(AttemptDto, FollowUpAttempted, {
        supplied: [
          'complaintId',
          'round',
          'attempt',
          'attemptedAt',
          'attemptedBy',
          'nextAttemptAt',
        ],
      }),
    ).toEqual([]);
  });

  it('survey → SatisfactionRecorded', () => {
    expect(
      gaps(SurveyDto, SatisfactionRecorded, {
        supplied: ['complaintId', 'round', 'recordedAt', 'recordedBy', 'verdict', ...GRADING],
      }),
    ).toEqual([]);
  });

  it('corrective-actions → CorrectiveActionRequested, completion → CorrectiveActionCompleted', () => {
    expect(
      gaps(CorrectiveActionDto, CorrectiveActionRequested, {
        supplied: ['complaintId', 'actionId', 'requestedAt', 'requestedBy', 'department', 'dueAt'],
        merged: { department: 'department' },
        transformed: { dueAt: null, within: null },
      }),
    ).toEqual([]);
    expect(
      gaps(CompletionDto, CorrectiveActionCompleted, {
        supplied: ['complaintId', 'actionId', 'completedAt', 'completedBy', 'late'],
      }),
    ).toEqual([]);
  });

  it('goodwill → GoodwillGestureRecorded, case-library → CaseStudyPublished', () => {
    expect(
      gaps(GoodwillDto, GoodwillGestureRecorded, {
        supplied: ['complaintId', 'gestureId', 'recordedAt', 'recordedBy'],
      }),
    ).toEqual([]);
    expect(
      gaps(CaseStudyDto, CaseStudyPublished, {
        supplied: ['caseStudyId', 'publishedAt', 'publishedBy', 'keywords', ...GRADING],
        merged: { keywords: 'keywords' },
      }),
    ).toEqual([]);
  });
});
