import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiUuidParam,
  CurrentUser,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  Roles,
  UuidParam,
  actorOf,
  currentCorrelationId,
  type AuthUser,
} from '@redress/platform';
import { ChangePolicy } from '../application/policy/change-policy.usecase';
import { TriageQueries } from '../application/queries/triage-queries';
import { ReclassifyComplaint } from '../application/reclassify/reclassify-complaint.usecase';
import type { EventContext } from '../application/triage-events';
import { ReclassificationDto, ReviewQueueQuery } from './reclassification.dto';

const complaintId = new UuidParam('complaintId');
const READERS = ['agent', 'supervisor', 'department_head', 'legal', 'analyst', 'admin'] as const;

function contextOf(user: AuthUser): EventContext {
  return { actor: actorOf(user), correlationId: currentCorrelationId() ?? randomUUID() };
}

@ApiTags('triage')
@ApiBearerAuth()
@Controller('triage')
export class TriageController {
  constructor(
    private readonly queries: TriageQueries,
    private readonly reclassifyComplaint: ReclassifyComplaint,
    private readonly changePolicy: ChangePolicy,
  ) {}

  // Fixed paths first: `review-queue` and `policy` are not complaint ids.
  @Get('review-queue')
  @Roles('agent', 'supervisor', 'department_head', 'admin')
  @ApiOperation({ summary: 'Decisions below the confidence threshold, waiting for a person' })
  reviewQueue(@Query() query: ReviewQueueQuery, @CurrentUser() user: AuthUser) {
    return this.queries.reviewQueue(user, query);
  }

  @Get('policy')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The current triage policy and its version' })
  policy() {
    return this.changePolicy.current();
  }

  @Put('policy')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the triage policy',
    description:
      'Validated as a whole (400 naming the path of every bad part), stored as a new version and a TriagePolicyChanged event; decisions from then on use it.',
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  putPolicy(
    @Body() body: unknown,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.changePolicy.execute(body, contextOf(user), key);
  }

  @Get(':complaintId')
  @ApiUuidParam('complaintId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The triage decision of one complaint, with the rules that fired' })
  decision(@Param('complaintId', complaintId) id: string, @CurrentUser() user: AuthUser) {
    return this.queries.decision(id, user);
  }

  @Post(':complaintId/reclassification')
  @ApiUuidParam('complaintId')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'A supervisor decides otherwise (reason required)' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  reclassify(
    @Param('complaintId', complaintId) id: string,
    @Body() dto: ReclassificationDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.reclassifyComplaint.execute(id, dto, contextOf(user), key);
  }
}
