import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CHANNELS, SUBJECT_TYPES, type Channel, type SubjectType } from '@redress/contracts';
import { PageQuery } from '@redress/platform';

export const COMPLAINT_STATUSES = ['registered', 'withdrawn'] as const;

export class ListComplaintsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: (typeof COMPLAINT_STATUSES)[number];

  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @IsOptional()
  @IsIn(SUBJECT_TYPES)
  subjectType?: SubjectType;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^cus_[0-9a-z]{26}$/, {
    message: 'customerRef must look like cus_ followed by 26 characters',
  })
  customerRef?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) productSku?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) trackingNo?: string;

  @ApiPropertyOptional({ description: 'Registered at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredFrom?: string;

  @ApiPropertyOptional({ description: 'Registered before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredTo?: string;
}
