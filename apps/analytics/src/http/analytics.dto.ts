import { ApiProperty } from '@nestjs/swagger';
import { IsInstant } from '@redress/platform';
import { Matches } from 'class-validator';

/** A period: complaints received in [from, to). */
export class PeriodQuery {
  @ApiProperty({ example: '2026-11-01T00:00:00+08:00' })
  @IsInstant()
  from!: string;

  @ApiProperty({ example: '2026-12-01T00:00:00+08:00' })
  @IsInstant()
  to!: string;
}

export class MonthQuery {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM, in the service’s time zone.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month such as 2026-11' })
  month!: string;
}
