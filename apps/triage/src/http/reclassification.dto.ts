import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import {
  ESCALATION_CLASSES,
  SEVERITIES,
  SUBJECT_TYPES,
  type EscalationClass,
  type Severity,
  type SubjectType,
} from '@redress/contracts';
import { PageQuery } from '@redress/platform';

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** CONTRACT `POST /triage/:complaintId/reclassification`: a supervisor decides otherwise. */
export class ReclassificationDto {
  @ApiProperty({ description: 'Why a person decided otherwise (kept in the event).' })
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @IsOptional()
  @IsIn(SUBJECT_TYPES)
  type?: SubjectType;

  @ApiPropertyOptional({ example: 'quality' })
  @IsOptional()
  @Matches(ID, { message: 'category must be a category id such as quality' })
  category?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the subcategory.' })
  @ValidateIf((o: ReclassificationDto) => o.subcategory !== undefined && o.subcategory !== null)
  @Matches(ID, { message: 'subcategory must be a subcategory id such as foreign-object' })
  subcategory?: string | null;

  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;

  @ApiPropertyOptional({ enum: ESCALATION_CLASSES })
  @IsOptional()
  @IsIn(ESCALATION_CLASSES)
  escalationClass?: EscalationClass;

  @ApiPropertyOptional({ example: 'quality' })
  @IsOptional()
  @Matches(ID, { message: 'department must be a department name such as customer-service' })
  department?: string;
}

/** The review queue is paged like every list. */
export class ReviewQueueQuery extends PageQuery {}
