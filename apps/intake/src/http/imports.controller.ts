import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, InvalidInput } from '@redress/contracts';
import { isDatabaseUnavailable } from '@redress/event-store';
import {
  CurrentUser,
  PROBLEM_TYPES,
  ProblemException,
  Roles,
  type AuthUser,
  type FastifyRequest,
} from '@redress/platform';
import {
  ImportComplaints,
  ImportInterrupted,
  type ImportReport,
} from '../application/import-complaints/import-complaints.usecase';
import { importRecords } from '../application/import-complaints/import-records';
import { IntakeSettings } from '../application/intake-settings';
import { ImportRefused } from '../domain/errors';
import { parseMapping, type ColumnMapping } from '../domain/import/import-row';
import { ImportTooLarge, importBody, tooLarge } from './import-body';
import { ImportQuery } from './import.query';
import { commandContext } from './request-context';

/** The path whose body the platform leaves unread: this controller streams it. */
export const IMPORTS_PATH = '/complaints/imports';

@ApiTags('complaints')
@ApiBearerAuth()
@Controller('complaints/imports')
export class ImportsController {
  constructor(
    private readonly importComplaints: ImportComplaints,
    private readonly settings: IntakeSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/gzip')
  @ApiOperation({
    summary: 'Import complaints of the company’s history (CSV or NDJSON, gzip accepted), streamed',
    description:
      'Each good row becomes a registration received at its `receivedAt`, marked imported; rows are idempotent by `sourceId`. Answers the counts and the rejected rows by line (README "Importing history").',
  })
  async import(
    @Req() req: FastifyRequest,
    @Query() query: ImportQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<ImportReport> {
    const mapping = query.mapping === undefined ? undefined : mappingOf(query.mapping);
    const maxBytes = this.settings.imports.maxBytes;
    const { format, input } = importBody(req.raw, query.format, maxBytes);
    try {
      return await this.importComplaints.execute(
        importRecords(format, input, mapping),
        { dateOrder: query.dateOrder ?? 'dmy' },
        commandContext(user),
      );
    } catch (error) {
      if (!(error instanceof ImportInterrupted)) throw error;
      throw interrupted(error, maxBytes);
    }
  }
}

function mappingOf(text: string): ColumnMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new InvalidInput('mapping', 'must be a JSON object of file column → field');
  }
  const parsed = parseMapping(value);
  if (!parsed.ok) throw new ImportRefused(parsed.problems);
  return parsed.mapping;
}

/**
 * The body failed part-way: what was written stays written (a re-run continues by source id),
 * and the answer says how far it got beside the reason.
 */
function interrupted({ cause, report }: ImportInterrupted, maxBytes: number): unknown {
  if (cause instanceof DomainError && report.rows === 0) return cause;
  const base =
    cause instanceof ImportTooLarge
      ? tooLarge(maxBytes).problem
      : cause instanceof DomainError
        ? {
            status: 400,
            type: PROBLEM_TYPES.validation,
            title: 'Invalid request',
            detail: cause.message,
            errors: [...cause.fieldErrors],
          }
        : isBrokenBody(cause)
          ? {
              status: 400,
              type: PROBLEM_TYPES.validation,
              title: 'Invalid request',
              detail:
                'the body could not be read to its end (a broken gzip stream, or the upload stopped)',
              errors: [{ field: 'body', message: 'could not be read to its end' }],
            }
          : undefined;
  if (base !== undefined) return new ProblemException({ ...base, extensions: { report } });
  if (isDatabaseUnavailable(cause)) {
    return new ProblemException({
      status: 503,
      type: PROBLEM_TYPES.databaseUnavailable,
      title: 'Database unavailable',
      detail:
        'The database could not be reached part-way through the import: the rows counted in `report` are stored; import the same file again to continue.',
      extensions: { report },
      headers: { 'Retry-After': '5' },
    });
  }
  return cause;
}

/** zlib's and the connection's failures: the client's body, not the service, is at fault. */
function isBrokenBody(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    (code.startsWith('Z_') || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE')
  );
}
