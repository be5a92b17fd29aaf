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
import {
  WorkOnCase,
  type CaseRequest,
  type CommandBuilder,
} from '../application/case-work/work-on-case.usecase';
import { CaseQueries } from '../application/queries/case-queries';
import { InvalidInput, type RemedyOption } from '@redress/contracts';
import {
  ActionCompletionDto,
  ActionDto,
  ApprovalDto,
  AssignmentDto,
  ContactDto,
  CustomerDecisionDto,
  InvestigationDto,
  ListCasesQuery,
  RemedyOptionDto,
  RemedyPlanDto,
  ResolutionDto,
} from './case.dto';

const complaintId = new UuidParam('id');
const remedyId = new UuidParam('remedyId');
const actionId = new UuidParam('actionId');

/** Who works on cases: agents, their supervisors and department heads (and admins). */
const CASE_WORKERS = ['agent', 'supervisor', 'department_head', 'admin'] as const;
const READERS = [...CASE_WORKERS, 'legal', 'analyst'] as const;
/** Approvals: the approval matrix then decides for which bodies (CONTRACT roles). */
const APPROVERS = ['supervisor', 'department_head', 'legal', 'admin'] as const;

/**
 * CONTRACT "Resolution API": the queue, the case page and one endpoint per step of the work.
 * Every write accepts `Idempotency-Key`; a command in the wrong state answers 409 naming the
 * state, a plan offered or decided before its approvals 409 naming the missing approvals.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly work: WorkOnCase,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The queue: cases by nearest deadline, scoped by the caller’s department',
  })
  list(@Query() query: ListCasesQuery, @CurrentUser() user: AuthUser) {
    const { awaitingMyApproval, ...filter } = query;
    return this.queries.list(user, {
      ...filter,
      awaitingMyApproval: awaitingMyApproval === 'true',
    });
  }

  @Get(':id')
  @ApiUuidParam('id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One case with its clocks, work and full timeline' })
  get(@Param('id', complaintId) id: string, @CurrentUser() user: AuthUser) {
    return this.queries.get(id, user);
  }

  @Post(':id/assignment')
  @ApiUuidParam('id')
  @HttpCode(200)
  @Roles('supervisor', 'department_head', 'admin', 'agent')
  @ApiOperation({ summary: 'Assign the case to a person of its department' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  assign(
    @Param('id', complaintId) id: string,
    @Body() dto: AssignmentDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.run(id, user, { name: 'assignment', body: dto }, key, 200, ({ at, by }) => ({
      type: 'AssignCase',
      complaintId: id,
      at,
      by,
      assignee: { id: dto.assignee.id, department: dto.assignee.department },
    }));
  }

  @Post(':id/contacts')
  @ApiUuidParam('id')
  @HttpCode(201)
  @Roles(...CASE_WORKERS)
  @ApiOperation({
    summary: 'Record a customer contact (the round’s first stops the response clock)',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  contact(
    @Param('id', complaintId) id: string,
    @Body() dto: ContactDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.run(id, user, { name: 'contacts', body: dto }, key, 201, ({ at, by }) => ({
      type: 'RecordContact',
      complaintId: id,
      at,
      by,
      channel: dto.channel,
      ...(dto.summary !== undefined ? { summary: dto.summary } : {}),
      ...(dto.remedyId !== undefined ? { remedyId: dto.remedyId } : {}),
    }));
  }

  @Post(':id/investigation')
  @ApiUuidParam('id')
  @HttpCode(200)
  @Roles(...CASE_WORKERS)
  @ApiOperation({ summary: 'Record the investigation: root cause, responsibility, evidence' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  investigate(
    @Param('id', complaintId) id: string,
    @Body() dto: InvestigationDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.run(id, user, { name: 'investigation', body: dto }, key, 200, ({ at, by }) => ({
      type: 'RecordInvestigation',
      complaintId: id,
      at,
      by,
      rootCause: dto.rootCause,
      responsibility: dto.responsibility,
      evidence: (dto.evidence ?? []).map((e) => ({
        kind: e.kind,
        ref: e.ref,
        ...(e.sha256 !== undefined ? { sha256: e.sha256 } : {}),
      })),
      ...(dto.sharedWith !== undefined ? { sharedWith: dto.sharedWith } : {}),
    }));
  }

  @Post(':id/remedies')
  @ApiUuidParam('id')
  @HttpCode(201)
  @Roles(...CASE_WORKERS)
  @ApiOperation({
    summary: 'Propose a plan of tiered remedy options; answers the approvals it needs',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  propose(
    @Param('id', complaintId) id: string,
    @Body() dto: RemedyPlanDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.run(id, user, { name: 'remedies', body: dto }, key, 201, ({ at, by, ids }) => ({
      type: 'ProposeRemedy',
      complaintId: id,
      at,
      by,
      remedyId: ids.remedyId,
      options: dto.options.map(toRemedyOption),
      ...(dto.rationale !== undefined ? { rationale: dto.rationale } : {}),
    }));
  }

  @Post(':id/remedies/:remedyId/approval')
  @ApiUuidParam('id')
  @ApiUuidParam('remedyId')
  @HttpCode(200)
  @Roles(...APPROVERS)
  @ApiOperation({
    summary: 'Approve or reject a plan for one approver body (the approval matrix decides who)',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  approve(
    @Param('id', complaintId) id: string,
    @Param('remedyId', remedyId) remedy: string,
    @Body() dto: ApprovalDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: `approval:${remedy}`, body: dto, approval: true };
    return this.run(id, user, request, key, 200, ({ at, by }) => {
      const common = {
        complaintId: id,
        at,
        by,
        remedyId: remedy,
        ...(dto.body !== undefined ? { body: dto.body } : {}),
      };
      return dto.decision === 'approved'
        ? {
            type: 'ApproveRemedy',
            ...common,
            ...(dto.note !== undefined ? { note: dto.note } : {}),
          }
        : { type: 'RejectRemedy', ...common, reason: dto.reason ?? '' };
    });
  }

  @Post(':id/customer-decision')
  @ApiUuidParam('id')
  @HttpCode(200)
  @Roles(...CASE_WORKERS)
  @ApiOperation({ summary: 'Record the customer’s choice of an option, or their refusal' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  customerDecision(
    @Param('id', complaintId) id: string,
    @Body() dto: CustomerDecisionDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: 'customer-decision', body: dto };
    return this.run(id, user, request, key, 200, ({ at, by }) => ({
      type: 'RecordCustomerDecision',
      complaintId: id,
      at,
      by,
      remedyId: dto.remedyId,
      decision:
        dto.decision === 'accepted'
          ? { accepted: dto.optionId ?? '' }
          : { declined: true, ...(dto.reason !== undefined ? { reason: dto.reason } : {}) },
    }));
  }

  @Post(':id/actions')
  @ApiUuidParam('id')
  @HttpCode(201)
  @Roles(...CASE_WORKERS)
  @ApiOperation({ summary: 'Schedule an action with an owner and a due time' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  scheduleAction(
    @Param('id', complaintId) id: string,
    @Body() dto: ActionDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.run(id, user, { name: 'actions', body: dto }, key, 201, ({ at, by, ids }) => ({
      type: 'ScheduleAction',
      complaintId: id,
      at,
      by,
      actionId: ids.actionId,
      description: dto.description,
      owner: {
        id: dto.owner.id,
        ...(dto.owner.department !== undefined ? { department: dto.owner.department } : {}),
      },
      due:
        dto.dueAt !== undefined
          ? { at: dto.dueAt }
          : { within: { ...dto.within }, calendar: dto.calendar ?? 'business' },
    }));
  }

  @Post(':id/actions/:actionId/completion')
  @ApiUuidParam('id')
  @ApiUuidParam('actionId')
  @HttpCode(200)
  @Roles(...CASE_WORKERS)
  @ApiOperation({ summary: 'Complete a scheduled action' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  completeAction(
    @Param('id', complaintId) id: string,
    @Param('actionId', actionId) action: string,
    @Body() dto: ActionCompletionDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: `completion:${action}`, body: dto };
    return this.run(id, user, request, key, 200, ({ at, by }) => ({
      type: 'CompleteAction',
      complaintId: id,
      at,
      by,
      actionId: action,
      ...(dto.note !== undefined ? { note: dto.note } : {}),
    }));
  }

  @Post(':id/resolution')
  @ApiUuidParam('id')
  @HttpCode(200)
  @Roles(...CASE_WORKERS)
  @ApiOperation({ summary: 'Resolve the case with a summary (ComplaintResolved)' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  resolve(
    @Param('id', complaintId) id: string,
    @Body() dto: ResolutionDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.run(id, user, { name: 'resolution', body: dto }, key, 200, ({ at, by }) => ({
      type: 'ResolveCase',
      complaintId: id,
      at,
      by,
      summary: dto.summary,
    }));
  }

  private run(
    id: string,
    user: AuthUser,
    request: CaseRequest,
    key: string | undefined,
    status: number,
    build: CommandBuilder,
  ) {
    return this.work.execute(id, user, request, key, status, build);
  }
}

/** An option of the plan as the contract's vocabulary has it. */
function toRemedyOption(option: RemedyOptionDto, index: number): RemedyOption {
  const base = {
    optionId: option.optionId,
    tier: option.tier,
    ...(option.description !== undefined ? { description: option.description } : {}),
  };
  const value = option.value && { amount: option.value.amount, currency: option.value.currency };
  if (option.kind !== 'compensation')
    return { ...base, kind: option.kind, ...(value ? { value } : {}) };
  // The DTO requires it; checked again so the type follows.
  if (!value) throw new InvalidInput(`options.${index}.value`, 'a compensation states its amount');
  return { ...base, kind: option.kind, value };
}
