import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  Roles,
  type AuthUser,
} from '@redress/platform';
import { CaseLibrary } from '../application/case-library/case-library';
import { WorkOnFollowUp } from '../application/follow-up-work/work-on-follow-up.usecase';
import { CaseLibraryQueryDto, CaseStudyDto } from './followup.dto';

/**
 * CONTRACT "Follow-up API": the case library. Every member of staff reads it (learning across
 * departments is its point); a case study is published by the complaint's department.
 */
@ApiTags('case-library')
@ApiBearerAuth()
@Controller('case-library')
export class CaseLibraryController {
  constructor(
    private readonly library: CaseLibrary,
    private readonly work: WorkOnFollowUp,
  ) {}

  @Get()
  @Roles('agent', 'supervisor', 'department_head', 'legal', 'analyst', 'admin')
  @ApiOperation({ summary: 'Search typical cases by words (Chinese or English) and category' })
  search(@Query() query: CaseLibraryQueryDto) {
    return this.library.search(query);
  }

  @Post()
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'department_head', 'admin')
  @ApiOperation({
    summary: 'Publish a typical case (required for a major complaint within 7 days of closure)',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  publish(
    @Body() dto: CaseStudyDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    const request = { name: 'case-library', body: dto };
    return this.work.execute(dto.complaintId, user, request, key, 201, ({ at, by, id }) => ({
      type: 'PublishCaseStudy',
      complaintId: dto.complaintId,
      at,
      by,
      caseStudyId: id,
      title: dto.title,
      summary: dto.summary,
      ...(dto.lessons !== undefined ? { lessons: dto.lessons } : {}),
      keywords: dto.keywords ?? [],
      language: dto.language,
    }));
  }
}
