import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ATTEMPT_OUTCOMES,
  CORRECTIVE_ACTION_KINDS,
  GOODWILL_KINDS,
  type AttemptOutcome,
  type CorrectiveActionKind,
  type GoodwillKind,
} from '@redress/contracts';
import { IsInstant, Omittable, PageQuery, UniqueItems } from '@redress/platform';
import { FOLLOWUP_STATUSES, type FollowUpStatus } from '../domain';

/*
 * What these DTOs accept, follow-up's events accept: followup.dto.spec.ts walks each DTO against
 * the event it becomes. Optional properties are `@Omittable()`; every string and array is bounded
 * as the event schema bounds it.
 */
const BODY_NAME_MAX = 64;
const STAFF_ID_MAX = 200;
const NOT_BLANK = /\S/;
const AMOUNT = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const CATEGORY = /^[a-z][a-z0-9-]*$/;

/** `POST /follow-ups/:complaintId/attempts`: one try to reach the customer. */
export class AttemptDto {
  @ApiProperty({ enum: ATTEMPT_OUTCOMES })
  @IsIn(ATTEMPT_OUTCOMES)
  outcome!: AttemptOutcome;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class RatingsDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  efficiency!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  attitude!: number;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  outcome!: number;
}

/** `POST /follow-ups/:complaintId/survey` (CONTRACT): the customer's verdict. */
export class SurveyDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;

  @ApiProperty({ description: 'Is the problem really solved?' })
  @IsBoolean()
  resolved!: boolean;

  @ApiProperty({ type: RatingsDto })
  @ValidateNested()
  @Type(() => RatingsDto)
  @IsDefined()
  ratings!: RatingsDto;

  @ApiPropertyOptional({ description: 'Written by the caller about the call; no personal data.' })
  @Omittable()
  @IsString()
  @Length(1, 2000)
  comment?: string;
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
}

/** `POST /follow-ups/:complaintId/corrective-actions`: the responsible department is asked to act. */
export class CorrectiveActionDto {
  @ApiProperty({ enum: CORRECTIVE_ACTION_KINDS })
  @IsIn(CORRECTIVE_ACTION_KINDS)
  kind!: CorrectiveActionKind;

  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description!: string;

  @ApiProperty({ description: 'The token subject of the person who owns it.' })
  @IsString()
  @Length(1, STAFF_ID_MAX)
  owner!: string;

  @ApiPropertyOptional({ description: "The responsible department; the complaint's by default." })
  @Omittable()
  @IsString()
  @Length(1, BODY_NAME_MAX)
  department?: string;

  @ApiPropertyOptional({ description: 'Due at this instant (give this or `within`).' })
  @ValidateIf((o: CorrectiveActionDto) => o.dueAt !== undefined || o.within === undefined)
  @IsDefined({ message: 'dueAt or within is required: say when the action is due' })
  @IsInstant()
  dueAt?: string;

  @ApiPropertyOptional({ type: WithinDto, description: 'Working time on the business calendar.' })
  @Omittable()
  @ValidateNested()
  @Type(() => WithinDto)
  within?: WithinDto;
}

/** `POST /follow-ups/:complaintId/corrective-actions/:actionId/completion`. */
export class CompletionDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class MoneyDto {
  @ApiProperty({ example: '50' })
  @Matches(AMOUNT, { message: 'amount must be a decimal number such as 50 or 49.90' })
  amount!: string;

  @ApiProperty({ example: 'CNY' })
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency!: string;
}

/** `POST /follow-ups/:complaintId/goodwill`: a gesture to repair the relationship. */
export class GoodwillDto {
  @ApiProperty({ enum: GOODWILL_KINDS })
  @IsIn(GOODWILL_KINDS)
  kind!: GoodwillKind;

  @ApiPropertyOptional({ type: MoneyDto })
  @Omittable()
  @ValidateNested()
  @Type(() => MoneyDto)
  value?: MoneyDto;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

/** `POST /case-library`: a typical case, written for training (no personal data). */
export class CaseStudyDto {
  @ApiProperty()
  @IsUUID('all', { message: 'complaintId must be a complaint id' })
  complaintId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 8000)
  @Matches(NOT_BLANK, { message: 'summary must not be blank' })
  summary!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(1, 8000)
  lessons?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @UniqueItems()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  keywords?: string[];

  @ApiProperty({ example: 'zh', description: 'BCP 47 language of the text.' })
  @Matches(LANGUAGE, { message: 'language must be a language tag such as zh or en' })
  @Length(2, 35)
  language!: string;
}

/** `GET /follow-ups`: the due list. */
export class ListFollowUpsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FOLLOWUP_STATUSES, default: 'awaiting_callback' })
  @Omittable()
  @IsIn(FOLLOWUP_STATUSES)
  status?: FollowUpStatus;

  @ApiPropertyOptional({ example: 'quality' })
  @Omittable()
  @IsString()
  @Length(1, BODY_NAME_MAX)
  department?: string;

  @ApiPropertyOptional({ description: 'Only closures flagged for review (unreachable).' })
  @Omittable()
  @IsIn(['true', 'false'])
  needsReview?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Only calls due at or before this instant.' })
  @Omittable()
  @IsInstant()
  dueBefore?: string;
}

/** `GET /case-library`. */
export class CaseLibraryQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Words to find (all of them), Chinese or English.' })
  @Omittable()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ example: 'quality' })
  @Omittable()
  @Matches(CATEGORY, { message: 'category must be a category id such as quality' })
  @Length(1, 64)
  category?: string;

  @ApiPropertyOptional({ example: 'zh' })
  @Omittable()
  @Matches(LANGUAGE, { message: 'language must be a language tag such as zh or en' })
  @Length(2, 35)
  language?: string;
}
