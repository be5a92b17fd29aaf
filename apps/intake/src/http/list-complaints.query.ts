import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CHANNELS, SUBJECT_TYPES, type Channel, type SubjectType } from '@redress/contracts';
import { IsInstant, Omittable, PageQuery } from '@redress/platform';
import { CUSTOMER_REF_PATTERN } from './param.pipes';

export const COMPLAINT_STATUSES = ['registered', 'withdrawn'] as const;

export class ListComplaintsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @Omittable()
  @IsIn(COMPLAINT_STATUSES)
  status?: (typeof COMPLAINT_STATUSES)[number];

  @ApiPropertyOptional({ enum: CHANNELS }) @Omittable() @IsIn(CHANNELS) channel?: Channel;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @Omittable()
  @IsIn(SUBJECT_TYPES)
  subjectType?: SubjectType;

  @ApiPropertyOptional()
  @Omittable()
  @Matches(new RegExp(CUSTOMER_REF_PATTERN), {
    message: 'customerRef must look like cus_ followed by 26 characters',
  })
  customerRef?: string;

  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) productSku?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) region?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 40) trackingNo?: string;

  @ApiPropertyOptional({ description: 'Registered at or after this instant.' })
  @Omittable()
  @IsInstant()
  registeredFrom?: string;

  @ApiPropertyOptional({ description: 'Registered before this instant.' })
  @Omittable()
  @IsInstant()
  registeredTo?: string;
}
