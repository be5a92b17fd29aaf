import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  IsDefined,
  IsUUID,
} from 'class-validator';
import {
  CLOCK_CALENDARS,
  CONTACT_CHANNELS,
  ESCALATION_CLASSES,
  EVIDENCE_KINDS,
  REMEDY_OPTION_KINDS,
  RESPONSIBILITIES,
  type ClockCalendar,
  type ContactChannel,
  type EscalationClass,
  type EvidenceKind,
  type RemedyOptionKind,
  type Responsibility,
} from '@redress/contracts';
import { IsInstant, Omittable, PageQuery, UniqueItems } from '@redress/platform';
import { CASE_STATUSES, type CaseStatus, type SlaState } from '../domain';

/*
 * What these DTOs accept, resolution's events accept: case.dto.spec.ts walks each DTO against
 * the event it becomes. Optional properties are `@Omittable()` (absent, never null); every
 * string and array is bounded as the event schema bounds it.
 */

// Names of departments, approver bodies and roles, as the event schemas bound them.
const BODY_NAME_MAX = 64;
const STAFF_ID_MAX = 200;
const AMOUNT = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const OPTION_ID = /^[A-Za-z0-9_-]{1,40}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const NOT_BLANK = /\S/;

export class AssigneeDto {
  @ApiProperty({ description: 'The token subject (`sub`) of the person.', example: 'li.wei' })
  @IsString()
  @Length(1, STAFF_ID_MAX)
  id!: string;

  @ApiProperty({ description: "The person's department: the case's own.", example: 'quality' })
  @IsString()
  @Length(1, BODY_NAME_MAX)
  department!: string;
}

/** `POST /cases/:id/assignment`. */
export class AssignmentDto {
  @ApiProperty({ type: AssigneeDto })
  @ValidateNested()
  @Type(() => AssigneeDto)
  @IsDefined()
  assignee!: AssigneeDto;
}

/** `POST /cases/:id/contacts`: someone spoke with the customer. */
export class ContactDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @ApiPropertyOptional({ description: 'What was said, written about the case (no personal data).' })
  @Omittable()
  @IsString()
  @Length(1, 4000)
  summary?: string;

  @ApiPropertyOptional({ description: 'The approved plan put to the customer in this contact.' })
  @Omittable()
  @IsUUID('all', { message: 'remedyId must be a remedy id' })
  remedyId?: string;
}

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind!: EvidenceKind;

  @ApiProperty({ description: "Where it is kept: a document id or URL of the company's systems." })
  @IsString()
  @Length(1, 2000)
  ref!: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the file, lower-case hex.' })
  @Omittable()
  @Matches(SHA256, { message: 'sha256 must be 64 lower-case hex digits' })
  sha256?: string;
}

/** `POST /cases/:id/investigation`: root cause, responsibility, evidence (DOMAIN §3). */
export class InvestigationDto {
  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'rootCause must not be blank' })
  rootCause!: string;

  @ApiProperty({ enum: RESPONSIBILITIES })
  @IsIn(RESPONSIBILITIES)
  responsibility!: Responsibility;

  @ApiPropertyOptional({ type: [EvidenceDto], maxItems: 50 })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'Other departments that share the improvement target.',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @UniqueItems()
  @IsString({ each: true })
  @Length(1, BODY_NAME_MAX, { each: true })
  sharedWith?: string[];
}

export class MoneyDto {
  @ApiProperty({ example: '200.00', description: 'A decimal string, never a float.' })
  @Matches(AMOUNT, { message: 'amount must be a decimal number such as 200 or 199.90' })
  amount!: string;

  @ApiProperty({ example: 'CNY', description: 'ISO 4217.' })
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency!: string;
}

export class RemedyOptionDto {
  @ApiProperty({ example: 'refund', description: 'Unique within the plan.' })
  @Matches(OPTION_ID, { message: 'optionId must be 1–40 letters, digits, "_" or "-"' })
  optionId!: string;

  @ApiProperty({ enum: REMEDY_OPTION_KINDS })
  @IsIn(REMEDY_OPTION_KINDS)
  kind!: RemedyOptionKind;

  @ApiProperty({ minimum: 1, maximum: 10, description: '1 is the first tier offered.' })
  @IsInt()
  @Min(1)
  @Max(10)
  tier!: number;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required for a compensation.' })
  @ValidateIf((o: RemedyOptionDto) => o.kind === 'compensation' || o.value !== undefined)
  @IsDefined({ message: 'value is required for a compensation: state its amount and currency' })
  @ValidateNested()
  @Type(() => MoneyDto)
  value?: MoneyDto;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 1000)
  description?: string;
}

/** `POST /cases/:id/remedies`: a plan of tiered options the customer chooses from. */
export class RemedyPlanDto {
  @ApiProperty({ type: [RemedyOptionDto], minItems: 1, maxItems: 10 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RemedyOptionDto)
  options!: RemedyOptionDto[];

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 4000)
  rationale?: string;
}

export const APPROVAL_DECISIONS = ['approved', 'rejected'] as const;

/** `POST /cases/:id/remedies/:remedyId/approval`: an approver's decision for one body. */
export class ApprovalDto {
  @ApiProperty({ enum: APPROVAL_DECISIONS })
  @IsIn(APPROVAL_DECISIONS)
  decision!: (typeof APPROVAL_DECISIONS)[number];

  @ApiPropertyOptional({
    description: 'The body decided for; needed only when the caller may decide for several.',
  })
  @Omittable()
  @IsString()
  @Length(1, BODY_NAME_MAX)
  body?: string;

  @ApiPropertyOptional({ description: 'Required when rejecting.' })
  @ValidateIf((o: ApprovalDto) => o.decision === 'rejected' || o.reason !== undefined)
  @IsDefined({ message: 'reason is required when rejecting a plan' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export const CUSTOMER_DECISIONS = ['accepted', 'declined'] as const;

/** `POST /cases/:id/customer-decision`: the customer chose an option, or declined the plan. */
export class CustomerDecisionDto {
  @ApiProperty()
  @IsUUID('all', { message: 'remedyId must be a remedy id' })
  remedyId!: string;

  @ApiProperty({ enum: CUSTOMER_DECISIONS })
  @IsIn(CUSTOMER_DECISIONS)
  decision!: (typeof CUSTOMER_DECISIONS)[number];

  @ApiPropertyOptional({ description: 'The option chosen; required when accepted.' })
  @ValidateIf((o: CustomerDecisionDto) => o.decision === 'accepted' || o.optionId !== undefined)
  @IsDefined({ message: 'optionId is required when the customer accepted' })
  @Matches(OPTION_ID, { message: 'optionId must be 1–40 letters, digits, "_" or "-"' })
  optionId?: string;

  @ApiPropertyOptional({ description: 'Why the customer declined.' })
  @Omittable()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class ActionOwnerDto {
  @ApiProperty({ description: 'The token subject of the person who carries it out.' })
  @IsString()
  @Length(1, STAFF_ID_MAX)
  id!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, BODY_NAME_MAX)
  department?: string;
}

export class WithinDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 365 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(365)
  days?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 8760 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(8760)
  hours?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 525600 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(525_600)
  minutes?: number;
}

/**
 * `POST /cases/:id/actions`: an action with an owner and a due time — a time (`dueAt`), or a
 * duration on a calendar (`within`, DOMAIN §3 "within 3 business days"; `calendar` defaults to
 * `business`).
 */
export class ActionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiProperty({ type: ActionOwnerDto })
  @ValidateNested()
  @Type(() => ActionOwnerDto)
  @IsDefined()
  owner!: ActionOwnerDto;

  @ApiPropertyOptional({ description: 'Due at this instant (give this or `within`).' })
  @ValidateIf((o: ActionDto) => o.dueAt !== undefined || o.within === undefined)
  @IsDefined({ message: 'dueAt or within is required: say when the action is due' })
  @IsInstant()
  dueAt?: string;

  @ApiPropertyOptional({ type: WithinDto })
  @Omittable()
  @ValidateNested()
  @Type(() => WithinDto)
  within?: WithinDto;

  @ApiPropertyOptional({ enum: CLOCK_CALENDARS, default: 'business' })
  @Omittable()
  @IsIn(CLOCK_CALENDARS)
  calendar?: ClockCalendar;
}

/** `POST /cases/:id/actions/:actionId/completion`. */
export class ActionCompletionDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

/** `POST /cases/:id/resolution`: the case ends with a summary (DOMAIN §3). */
export class ResolutionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'summary must not be blank' })
  summary!: string;
}

export const SLA_STATES: readonly SlaState[] = [
  'on_track',
  'warning',
  'breached',
  'met',
  'stopped',
];

/** `GET /cases`: the queue, nearest deadline first. */
export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'quality' })
  @Omittable()
  @IsString()
  @Length(1, BODY_NAME_MAX)
  department?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @Omittable()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'Token subject of the assignee.' })
  @Omittable()
  @IsString()
  @Length(1, STAFF_ID_MAX)
  assignee?: string;

  @ApiPropertyOptional({ enum: SLA_STATES })
  @Omittable()
  @IsIn(SLA_STATES)
  slaState?: SlaState;

  @ApiPropertyOptional({ enum: ESCALATION_CLASSES })
  @Omittable()
  @IsIn(ESCALATION_CLASSES)
  escalationClass?: EscalationClass;

  @ApiPropertyOptional({ description: 'Only plans waiting for an approval the caller may give.' })
  @Omittable()
  @IsIn(['true', 'false'])
  awaitingMyApproval?: 'true' | 'false';
}
