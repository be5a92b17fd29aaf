import {
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiUuidParam,
  assertDepartmentScope,
  CurrentUser,
  Roles,
  seesAllDepartments,
  UuidParam,
  type AuthUser,
} from '@redress/platform';
import { AnalyticsQueries, monthlyReportCsv } from '../application/queries/analytics-queries';
import { FindingsQueries } from '../application/findings/findings-queries';
import { RebuildProjection } from '../application/rebuild/rebuild-projection';
import { FindingsPeriodQuery, MonthQuery, OverviewQuery, TrendsQuery } from './analytics.dto';

const complaintId = new UuidParam('id');
const jobId = new UuidParam('jobId');
const READERS = ['analyst', 'supervisor', 'department_head', 'admin'] as const;

/** CONTRACT "Analytics API": overview, findings, timeline, monthly report, rebuilds. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(
    private readonly queries: AnalyticsQueries,
    private readonly findings: FindingsQueries,
    private readonly rebuilds: RebuildProjection,
  ) {}

  @Post('rebuild')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Rebuild the projection by replaying every topic; answers the job to follow',
    description:
      'A new projection version is filled from offset 0 while live processing goes on; BI’s views move to it in one transaction once it has caught up. 409 while another rebuild runs.',
  })
  rebuild(@CurrentUser() user: AuthUser) {
    return this.rebuilds.start(user.sub);
  }

  @Get('rebuild/:jobId')
  @ApiUuidParam('jobId')
  @Roles('admin')
  @ApiOperation({ summary: 'A rebuild job: its state and progress (records read of the total)' })
  rebuildJob(@Param('jobId', jobId) id: string) {
    return this.rebuilds.job(id);
  }

  @Get('overview')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Volume and outcomes of the complaints received in [from, to), of one department or all',
  })
  overview(@Query() query: OverviewQuery, @CurrentUser() user: AuthUser) {
    if (query.department !== undefined) assertDepartmentScope(user, query.department);
    return this.queries.overview(user, query);
  }

  @Get('trends')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Trend alerts raised by a window overlapping [from, to), as they stood at asOf',
    description:
      'Surges of region × category, product, channel and department against their own trailing baseline (one-sided Poisson scan test, score −log₁₀ p).',
  })
  trends(@Query() query: TrendsQuery) {
    return this.findings.trends(query);
  }

  @Get('hot-topics')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Hot topics active in [from, to), as they stood at asOf',
    description:
      'Subjects (product, batch, store) whose complaints surge, and phrases spreading across subjects; members are listed for roles that see every department.',
  })
  hotTopics(@Query() query: FindingsPeriodQuery, @CurrentUser() user: AuthUser) {
    // Findings are company-wide aggregates every reader sees; a topic's complaints are listed
    // for the roles that see every department.
    return this.findings.hotTopics(query, { members: seesAllDepartments(user) });
  }

  @Get('hot-words')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Phrases whose frequency jumped against their baseline in the windows of [from, to)',
  })
  hotWords(@Query() query: FindingsPeriodQuery) {
    return this.findings.hotWords(query);
  }

  @Get('complaints/:id/timeline')
  @ApiUuidParam('id')
  @Roles(...READERS, 'agent')
  @ApiOperation({ summary: 'Every event of one complaint, from every service, in order' })
  timeline(@Param('id', complaintId) id: string, @CurrentUser() user: AuthUser) {
    return this.queries.timeline(id, user);
  }

  @Get('reports/monthly')
  @Roles(...READERS)
  @ApiProduces('application/json', 'text/csv')
  @Header('Vary', 'Accept')
  @ApiOperation({ summary: 'The monthly report; `Accept: text/csv` for CSV' })
  async monthly(
    @Query() query: MonthQuery,
    @CurrentUser() user: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const report = await this.queries.monthly(user, query.month);
    if (accept !== undefined && /\btext\/csv\b/.test(accept)) {
      response.type('text/csv; charset=utf-8');
      response.setHeader(
        'Content-Disposition',
        `attachment; filename="redress-${query.month}.csv"`,
      );
      return monthlyReportCsv(report);
    }
    return report;
  }
}
