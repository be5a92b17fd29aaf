import {
  Controller,
  Get,
  Global,
  HttpCode,
  Inject,
  Module,
  ServiceUnavailableException,
  type DynamicModule,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { PROBLEM_TYPES, ProblemException } from '../errors/problem';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  ReadinessChecks,
  type ReadinessIndicator,
} from './readiness-checks';

export interface HealthModuleOptions {
  /** Readiness checks, typically the database ping and the Kafka probe. */
  indicators?: readonly ReadinessIndicator[];
  /** Each check must answer within this; 3 seconds by default. */
  timeoutMs?: number;
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
  ) {}

  /** The process is up and serving HTTP; nothing else is checked, so a restart never helps. */
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is running.' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Every readiness check passed within its timeout; 503 names the ones that did not. */
  @Get('ready')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Every dependency answered.' })
  @ApiServiceUnavailableResponse({ description: 'A problem document naming the failing checks.' })
  async ready(): Promise<HealthCheckResult> {
    if (this.readiness.isShuttingDown) {
      throw notReady('the service is shutting down', ['shutdown'], {});
    }
    try {
      return await this.health.check(
        this.readiness.names().map((name) => async () => {
          const session = this.indicators.check(name);
          const outcome = await this.readiness.run(name);
          return outcome.status === 'up' ? session.up() : session.down({ reason: outcome.reason });
        }),
      );
    } catch (error: unknown) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw notReady(`failing readiness checks: ${failing.join(', ')}`, failing, result.details);
    }
  }
}

function notReady(
  detail: string,
  failing: string[],
  checks: HealthCheckResult['details'],
): ProblemException {
  return new ProblemException({
    status: 503,
    type: PROBLEM_TYPES.notReady,
    title: 'Service not ready',
    detail,
    extensions: { failing, checks },
  });
}

/**
 * `GET /health/live` and `GET /health/ready` (CONTRACT.md), public, through @nestjs/terminus.
 * Checks come from `indicators` here or from `ReadinessChecks.register` in any provider.
 */
@Global()
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const indicators = options.indicators ?? [];
    const timeoutMs = options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        {
          provide: ReadinessChecks,
          inject: [ModuleRef],
          useFactory: (moduleRef: ModuleRef) =>
            new ReadinessChecks(indicators, timeoutMs, moduleRef),
        },
      ],
      exports: [ReadinessChecks],
    };
  }
}
