import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiUuidParam,
  CurrentUser,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  Roles,
  actorOf,
  type AuthUser,
  type FastifyReply,
} from '@redress/platform';
import { AmendComplaint } from '../application/amend-complaint/amend-complaint.usecase';
import { GetComplaint } from '../application/query-complaints/get-complaint.usecase';
import { ListComplaints } from '../application/query-complaints/list-complaints.usecase';
import { RegisterComplaint } from '../application/register-complaint/register-complaint.usecase';
import { WithdrawComplaint } from '../application/withdraw-complaint/withdraw-complaint.usecase';
import { AmendComplaintDto, RegisterComplaintDto, WithdrawComplaintDto } from './complaint.dto';
import { commandContext } from './request-context';
import { ListComplaintsQuery } from './list-complaints.query';
import { UuidParam } from './param.pipes';

const uuid = new UuidParam('id');

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly registerComplaint: RegisterComplaint,
    private readonly amendComplaint: AmendComplaint,
    private readonly withdrawComplaint: WithdrawComplaint,
    private readonly getComplaint: GetComplaint,
    private readonly listComplaints: ListComplaints,
  ) {}

  @Post()
  @Roles('channel', 'agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Register a complaint from any channel',
    description:
      '201 with the new complaint and the customer’s `accessCode` (a retry with the same Idempotency-Key answers the same, code included). 200 with `linked: true` and a `submissionId` when the same customer already has an open complaint about the same subject: the submission joins it, and the answer names it (`linkedTo`, `trackingNo`, …) only when it is in the caller’s department scope or was received by it.',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async register(
    @Body() dto: RegisterComplaintDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.registerComplaint.execute(dto, commandContext(user), key);
    void res.status(result.status);
    // A submission joined to a complaint outside the caller's scope names no complaint.
    if ('complaintId' in result.body) {
      void res.header('Location', `/complaints/${result.body.complaintId}`);
    }
    return result.body;
  }

  @Get()
  @Roles('channel', 'agent', 'supervisor', 'department_head', 'legal', 'analyst', 'admin')
  @ApiOperation({
    summary: 'List complaints, newest first (cursor pagination, filters)',
    description:
      'A department sees its complaints in full and the ones it received and triage routed elsewhere as hand-over records; a filter on what those hide (customerRef, productSku, subjectType, region) matches only complaints in full scope.',
  })
  list(@Query() query: ListComplaintsQuery, @CurrentUser() user: AuthUser) {
    return this.listComplaints.execute(query, actorOf(user));
  }

  @Get(':id')
  @ApiUuidParam('id')
  @Roles('channel', 'agent', 'supervisor', 'department_head', 'legal', 'analyst', 'admin')
  @ApiOperation({
    summary: 'One complaint; contacts in clear only for agents, supervisors, admins',
    description:
      'Department-scoped: the responsible department (the routed one once triage routed it) sees it in full; the receiving department then gets its hand-over record (`handedOver: true`: tracking number, status, where and when it went, no contents).',
  })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.getComplaint.execute(id, actorOf(user));
  }

  @Post(':id/amendments')
  @ApiUuidParam('id')
  @HttpCode(200)
  @Roles('channel', 'agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Correct or complete an open complaint',
    description:
      'Only in full scope: once triage routed the complaint elsewhere, the receiving department gets 403 (`HandedOver`).',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async amend(
    @Param('id', uuid) id: string,
    @Body() dto: AmendComplaintDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return (await this.amendComplaint.execute(id, dto, commandContext(user), key)).body;
  }

  @Post(':id/withdrawal')
  @ApiUuidParam('id')
  @HttpCode(200)
  @Roles('channel', 'agent', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Withdraw an open complaint at the customer’s request',
    description:
      'Only in full scope: once triage routed the complaint elsewhere, the receiving department gets 403 (`HandedOver`).',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async withdraw(
    @Param('id', uuid) id: string,
    @Body() dto: WithdrawComplaintDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    return (await this.withdrawComplaint.execute(id, dto, commandContext(user), key)).body;
  }
}
