import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Public } from '@redress/platform';
import { GetPublicStatus } from '../application/query-complaints/public-status.usecase';

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
  @Public()
  @ApiOperation({
    summary: "The customer's status page: tracking number and the code given at registration",
  })
  status(@Param('trackingNo') trackingNo: string, @Query() query: PublicStatusQuery) {
    return this.publicStatus.execute(trackingNo, query.code);
  }
}
