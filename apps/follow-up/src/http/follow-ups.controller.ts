import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiUuidParam,
  CurrentUser,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  Roles,
  UuidParam,
  type AuthUser,
} from '@redress/platform';
import { WorkOnFollowUp } from '../application/follow-up-work/work-on-follow-up.usecase';
import { FollowUpQueries } from '../application/queries/followup-queries';
import {
  AttemptDto,
  CompletionDto,
  CorrectiveActionDto,
  GoodwillDto,
  ListFollowUpsQuery,
  SurveyDto,
} from './followup.dto';

const complaintId = new UuidParam('complaintId');
const actionId = new UuidParam('actionId');

/** Who calls customers back and records what they say. */
const CALLERS = ['agent', 'supervisor', 'department_head', 'admin'] as const;
const READERS = [...CALLERS, 'analyst', 'legal'] as const;
/** Corrective actions are asked for by those who lead a department (DOMAIN §4, 003). */
const LEADS = ['supervisor', 'department_head', 'admin'] as const;

/**
 * CONTRACT "Follow-up API": the due list, the callback's attempts and survey, corrective actions
 * and goodwill. Every write accepts `Idempotency-Key`; a command in the wrong state answers 409
 * naming the state.
 */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(
    private readonly queries: FollowUpQueries,
    private readonly work: WorkOnFollowUp,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The due list: callbacks to make, the next one first' })
  list(@Query() query: ListFollowUpsQuery, @CurrentUser() user: AuthUser) {
    const { needsReview, ...filter } = query;
    return this.queries.list(user, {
      ...filter,
      ...(needsReview !== undefined ? { needsReview: needsReview === 'true' } : {}),
    });
  }

  @Get(':complaintId')
  @ApiUuidParam('complaintId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One complaint’s follow-up: callbacks, surveys, actions, timeline' })
  get(@Param('complaintId', complaintId) id: string, @CurrentUser() user: AuthUser) {
    return this.queries.get(id, user);
  }

  @Post(':complaintId/attempts')
  @ApiUuidParam('complaintId')
  @HttpCode(201)
  @Roles(...CALLERS)
  @ApiOperation({
    summary: 'Record a callback attempt (reached, no answer, refused, wrong number)',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  attempt(
    @Param('complaintId', complaintId) id: string,
    @Body() dto: AttemptDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.work.execute(id, user, { name: 'attempts', body: dto }, key, 201, ({ at, by }) => ({
      type: 'RecordAttempt',
      complaintId: id,
      at,
      by,
      outcome: dto.outcome,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
    }));
  }

  @Post(':complaintId/survey')
  @ApiUuidParam('complaintId')
  @HttpCode(200)
  @Roles(...CALLERS)
  @ApiOperation({
    summary: 'Record the satisfaction survey: closes the complaint, or reopens it when unhappy',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  survey(
    @Param('complaintId', complaintId) id: string,
    @Body() dto: SurveyDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.work.execute(id, user, { name: 'survey', body: dto }, key, 200, ({ at, by }) => ({
      type: 'RecordSurvey',
      complaintId: id,
      at,
      by,
      satisfaction: dto.satisfaction,
      resolved: dto.resolved,
      ratings: {
        efficiency: dto.ratings.efficiency,
        attitude: dto.ratings.attitude,
        outcome: dto.ratings.outcome,
      },
      ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
    }));
  }

  @Post(':complaintId/corrective-actions')
  @ApiUuidParam('complaintId')
  @HttpCode(201)
  @Roles(...LEADS)
  @ApiOperation({ summary: 'Ask the responsible department for a corrective or preventive action' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  correctiveAction(
    @Param('complaintId', complaintId) id: string,
    @Body() dto: CorrectiveActionDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: 'corrective-actions', body: dto };
    return this.work.execute(id, user, request, key, 201, ({ at, by, id: actionId }) => ({
      type: 'RequestCorrectiveAction',
      complaintId: id,
      at,
      by,
      actionId,
      kind: dto.kind,
      owner: dto.owner,
      description: dto.description,
      ...(dto.department !== undefined ? { department: dto.department } : {}),
      due: dto.dueAt !== undefined ? { at: dto.dueAt } : { within: { ...dto.within } },
    }));
  }

  @Post(':complaintId/corrective-actions/:actionId/completion')
  @ApiUuidParam('complaintId')
  @ApiUuidParam('actionId')
  @HttpCode(200)
  @Roles(...CALLERS)
  @ApiOperation({ summary: 'Complete a corrective or preventive action' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  completeAction(
    @Param('complaintId', complaintId) id: string,
    @Param('actionId', actionId) action: string,
    @Body() dto: CompletionDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: `completion:${action}`, body: dto };
    return this.work.execute(id, user, request, key, 200, ({ at, by }) => ({
      type: 'CompleteCorrectiveAction',
      complaintId: id,
      at,
      by,
      actionId: action,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
    }));
  }

  @Post(':complaintId/goodwill')
  @ApiUuidParam('complaintId')
  @HttpCode(201)
  @Roles(...CALLERS)
  @ApiOperation({ summary: 'Record a goodwill gesture once the complaint is closed' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  goodwill(
    @Param('complaintId', complaintId) id: string,
    @Body() dto: GoodwillDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: 'goodwill', body: dto };
    return this.work.execute(id, user, request, key, 201, ({ at, by, id: gestureId }) => ({
      type: 'RecordGoodwill',
      complaintId: id,
      at,
      by,
      gestureId,
      kind: dto.kind,
      ...(dto.value !== undefined
        ? { value: { amount: dto.value.amount, currency: dto.value.currency } }
        : {}),
      ...(dto.note !== undefined ? { note: dto.note } : {}),
    }));
  }
}
