import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Omittable } from '@redress/platform';
import { DATE_ORDERS, type DateOrder } from '../domain/import/import-date.policy';

export const IMPORT_FORMATS = ['csv', 'ndjson'] as const;

/** `POST /complaints/imports?…`: how to read the file. */
export class ImportQuery {
  @ApiPropertyOptional({
    description:
      'JSON object from the file’s column names to the fields of a registration (`{"客户姓名":"customer.name","工单号":"sourceId"}`); URL-encoded.',
  })
  @Omittable()
  @IsString()
  @Length(2, 20_000)
  mapping?: string;

  @ApiPropertyOptional({
    enum: DATE_ORDERS,
    description:
      'Which of two numbers ≤ 12 is the day in a date like 05/03/2024: `dmy` (default) or `mdy`.',
  })
  @Omittable()
  @IsIn(DATE_ORDERS)
  dateOrder?: DateOrder;

  @ApiPropertyOptional({
    enum: IMPORT_FORMATS,
    description: 'What a gzip body (`Content-Type: application/gzip`) holds; `csv` by default.',
  })
  @Omittable()
  @IsIn(IMPORT_FORMATS)
  format?: (typeof IMPORT_FORMATS)[number];
}
