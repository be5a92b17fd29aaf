import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import {
  DEPARTMENT_MAX_LENGTH,
  DEPARTMENT_PATTERN,
  ESCALATION_CLASSES,
  SEVERITIES,
  SUBJECT_TYPES,
  TAXONOMY_ID_MAX_LENGTH,
  TAXONOMY_ID_PATTERN,
  type EscalationClass,
  type Severity,
  type SubjectType,
} from '@redress/contracts';
import { Omittable, PageQuery } from '@redress/platform';

// The patterns and lengths of the event schema itself, so what is accepted here can be written
// (reclassification.dto.spec.ts walks this DTO and ComplaintReclassified).
const TAXONOMY_ID = new RegExp(TAXONOMY_ID_PATTERN);
const DEPARTMENT = new RegExp(DEPARTMENT_PATTERN);

/** CONTRACT `POST /triage/:complaintId/reclassification`: a supervisor decides otherwise. */
export class ReclassificationDto {
  @ApiProperty({ description: 'Why a person decided otherwise (kept in the event).' })
  @IsString()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @Omittable()
  @IsIn(SUBJECT_TYPES)
  type?: SubjectType;

  @ApiPropertyOptional({ example: 'quality' })
  @Omittable()
  @Length(1, TAXONOMY_ID_MAX_LENGTH)
  @Matches(TAXONOMY_ID, { message: 'category must be a category id such as quality' })
  category?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the subcategory.' })
  @ValidateIf((o: ReclassificationDto) => o.subcategory !== undefined && o.subcategory !== null)
  @Length(1, TAXONOMY_ID_MAX_LENGTH)
  @Matches(TAXONOMY_ID, { message: 'subcategory must be a subcategory id such as foreign-object' })
  subcategory?: string | null;

  @ApiPropertyOptional({ enum: SEVERITIES }) @Omittable() @IsIn(SEVERITIES) severity?: Severity;

  @ApiPropertyOptional({ enum: ESCALATION_CLASSES })
  @Omittable()
  @IsIn(ESCALATION_CLASSES)
  escalationClass?: EscalationClass;

  @ApiPropertyOptional({ example: 'quality' })
  @Omittable()
  @Length(1, DEPARTMENT_MAX_LENGTH)
  @Matches(DEPARTMENT, {
    message: 'department must be a department name such as customer-service',
  })
  department?: string;
}

/** The review queue is paged like every list. */
export class ReviewQueueQuery extends PageQuery {}
