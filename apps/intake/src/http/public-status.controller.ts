import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Public } from '@redress/platform';
import { GetPublicStatus } from '../application/query-complaints/public-status.usecase';
import { TRACKING_NO_PATTERN, TrackingNoParam } from './param.pipes';

export class PublicStatusQuery {
  @IsString()
  @Length(4, 40)
  code!: string;
}

@ApiTags('public')
@Controller('public/complaints')
export class PublicStatusController {
  constructor(private readonly publicStatus: GetPublicStatus) {}

  @Get(':trackingNo')
  @ApiParam({ name: 'trackingNo', schema: { type: 'string', pattern: TRACKING_NO_PATTERN } })
  @Public()
  @ApiOperation({
    summary: "The customer's status page: tracking number and the code given at registration",
  })
  status(
    @Param('trackingNo', TrackingNoParam) trackingNo: string,
    @Query() query: PublicStatusQuery,
  ) {
    return this.publicStatus.execute(trackingNo, query.code);
  }
}
