import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TREND_DIMENSIONS, type TrendDimension } from '@redress/contracts';
import { IsInstant, Omittable } from '@redress/platform';
import { IsIn, IsString, Length, Matches } from 'class-validator';

/** A period: complaints received in [from, to). */
export class PeriodQuery {
  @ApiProperty({ example: '2026-11-01T00:00:00+08:00' })
  @IsInstant()
  from!: string;

  @ApiProperty({ example: '2026-12-01T00:00:00+08:00' })
  @IsInstant()
  to!: string;
}

/** The overview's period, of one department when `department` is given (the department scorecard). */
export class OverviewQuery extends PeriodQuery {
  @ApiPropertyOptional({
    example: 'quality',
    description:
      'Only the complaints of this department (403 outside the caller’s scope): one row of the department scorecard.',
  })
  @Omittable()
  @IsString()
  @Length(1, 64)
  department?: string;
}

export class MonthQuery {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM, in the service’s time zone.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month such as 2026-11' })
  month!: string;
}

/** A period of findings, as they stood at `asOf`. */
export class FindingsPeriodQuery extends PeriodQuery {
  @ApiPropertyOptional({
    example: '2026-12-01T09:00:00+08:00',
    description:
      'The findings as they stood at this instant: none from a window that had not closed by then (default: now).',
  })
  @Omittable()
  @IsInstant()
  asOf?: string;
}

export class TrendsQuery extends FindingsPeriodQuery {
  @ApiPropertyOptional({
    enum: TREND_DIMENSIONS,
    description: 'Only the alerts of this dimension.',
  })
  @Omittable()
  @IsIn(TREND_DIMENSIONS)
  dimension?: TrendDimension;
}
