import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { InvalidInput } from '@redress/contracts';
import { ApiProblems, Public, type FastifyReply } from '@redress/platform';
import {
  GetPublicStatus,
  type PublicStatus,
} from '../application/query-complaints/public-status.usecase';
import { PUBLIC_STAGES } from '../domain/public-stage.policy';
import { STATUS_LANGUAGES } from '../domain/status-message.policy';
import { TRACKING_NO_PATTERN, TrackingNoParam } from './param.pipes';
import { PublicStatusThrottle } from './public-status.throttle';

/** CONTRACT.md, changes of 2026-12-04: the code travels in this header, never in the URL. */
export const ACCESS_CODE_HEADER = 'X-Access-Code';

/** Ten characters as issued; read back by hand it may carry spaces, hyphens, other case. */
const ACCESS_CODE = /^[A-Za-z0-9 -]{4,40}$/;
const ACCESS_CODE_RULE = 'must be the access code given at registration (4–40 letters or digits)';

export class PublicStatusRequestDto {
  @ApiProperty({ description: 'The access code given at registration.', example: 'K7QW2M9X1A' })
  @IsString()
  @Matches(ACCESS_CODE, { message: ACCESS_CODE_RULE })
  accessCode!: string;
}

export class PublicStatusDocument {
  @ApiProperty({ example: 'RD-20261123-7KQ2M9XA' }) trackingNo!: string;
  @ApiProperty({
    enum: ['registered', 'withdrawn'],
    description: "Intake's own status, kept as it was for existing clients: `stage` says more.",
  })
  status!: string;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) acknowledgeBy!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'The latest change the page shows: of the complaint, or of its stage.',
  })
  lastUpdatedAt!: string;
  @ApiProperty({
    enum: PUBLIC_STAGES,
    description:
      'How far the complaint has come: registered → triaged → in_progress ⇄ plan_offered → ' +
      'resolved (→ reopened → …) → closed; withdrawn at any point.',
  })
  stage!: string;
  @ApiProperty({ format: 'date-time', description: 'When the complaint reached `stage`.' })
  stageChangedAt!: string;
  @ApiProperty({
    format: 'date-time',
    required: false,
    description:
      'The next date the customer was promised and that is still ahead: the response target ' +
      'until someone has contacted them, then the resolution target. Absent before triage, once ' +
      'every promised date has passed, and once resolved, closed or withdrawn.',
  })
  promisedBy?: string;
  @ApiProperty({
    enum: STATUS_LANGUAGES,
    description: "The language of `message`, from Accept-Language, else the complaint's.",
  })
  language!: string;
  @ApiProperty({
    description: 'The stage and the promised date in one sentence, for the customer.',
    example: '您的投诉已受理。我们将于2026年11月25日 18:00（UTC+08:00）前联系您。',
  })
  message!: string;
}

const LIMITS =
  'Rate-limited per client address and per tracking number (INTAKE_STATUS_LIMIT_*): past a ' +
  'limit, 429 with Retry-After. A wrong code and an unknown tracking number both answer 404. ' +
  "The message is in Chinese or English, by Accept-Language, else in the complaint's language.";

const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  required: false,
  description:
    "zh or en (with q-values, as browsers send it); any other is answered in the complaint's language, else English.",
} as const;

const CONTENT_LANGUAGE = {
  'Content-Language': {
    description: 'The language of `message`: zh or en.',
    schema: { type: 'string' },
  },
} as const;

/**
 * The customer's status page, without a token. The access code comes in the `X-Access-Code`
 * header or a POST body — never the query string, which proxies and browsers log; the `?code=`
 * form is withdrawn and answered 400. Answers are never cached (`no-store`): a shared cache keyed
 * by URL would otherwise serve one customer's status without the code.
 */
@ApiTags('public')
@Controller('public/complaints')
@UseGuards(PublicStatusThrottle)
export class PublicStatusController {
  constructor(private readonly publicStatus: GetPublicStatus) {}

  @Get(':trackingNo')
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Vary', `${ACCESS_CODE_HEADER}, Accept-Language`)
  @ApiOperation({
    summary: "The customer's status page: tracking number, and the code in X-Access-Code",
    description: LIMITS,
  })
  @ApiHeader({ name: ACCESS_CODE_HEADER, required: true, description: 'The access code.' })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiParam({ name: 'trackingNo', schema: { type: 'string', pattern: TRACKING_NO_PATTERN } })
  @ApiOkResponse({ type: PublicStatusDocument, headers: CONTENT_LANGUAGE })
  @ApiProblems(400, 404, 429)
  async status(
    @Param('trackingNo', TrackingNoParam) trackingNo: string,
    @Headers(ACCESS_CODE_HEADER.toLowerCase()) code: unknown,
    @Headers('accept-language') acceptLanguage: unknown,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PublicStatus> {
    refuseQuery(query);
    const status = await this.publicStatus.execute(
      trackingNo,
      accessCodeOf(code),
      headerText(acceptLanguage),
    );
    void res.header('Content-Language', status.language);
    return status;
  }

  @Post(':trackingNo/status')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Vary', 'Accept-Language')
  @ApiOperation({
    summary: 'The same status page for clients that send the code in a JSON body',
    description: `A lookup, not a write: nothing is stored and no Idempotency-Key is needed. ${LIMITS}`,
  })
  @ApiParam({ name: 'trackingNo', schema: { type: 'string', pattern: TRACKING_NO_PATTERN } })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiBody({ type: PublicStatusRequestDto })
  @ApiOkResponse({ type: PublicStatusDocument, headers: CONTENT_LANGUAGE })
  @ApiProblems(400, 404, 415, 429)
  async statusByBody(
    @Param('trackingNo', TrackingNoParam) trackingNo: string,
    @Body() body: PublicStatusRequestDto,
    @Headers('accept-language') acceptLanguage: unknown,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PublicStatus> {
    const status = await this.publicStatus.execute(
      trackingNo,
      body.accessCode,
      headerText(acceptLanguage),
    );
    void res.header('Content-Language', status.language);
    return status;
  }
}

function accessCodeOf(raw: unknown): string {
  if (raw === undefined) {
    throw new InvalidInput(
      ACCESS_CODE_HEADER,
      'is required: the access code given at registration',
    );
  }
  if (typeof raw !== 'string' || !ACCESS_CODE.test(raw)) {
    throw new InvalidInput(ACCESS_CODE_HEADER, ACCESS_CODE_RULE);
  }
  return raw;
}

/** Accept-Language is a preference: one the service cannot read is no preference, not an error. */
function headerText(raw: unknown): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}

/** The page takes no query parameters; the withdrawn `?code=` gets a message of its own. */
function refuseQuery(query: Record<string, unknown>): void {
  if ('code' in query) {
    throw new InvalidInput(
      'code',
      `the access code is not accepted in the query string, where proxies log it: send it in the ${ACCESS_CODE_HEADER} header, or POST it as accessCode to /public/complaints/{trackingNo}/status`,
    );
  }
  const unknown = Object.keys(query)[0];
  // `?=1` has a parameter without a name: the query string is what is at fault.
  if (unknown !== undefined) {
    throw new InvalidInput(unknown || 'query', 'property should not exist');
  }
}
