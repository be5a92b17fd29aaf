import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { authOptionsOf } from '../auth/token-verifier';
import type { BaseServiceConfig } from '../config/base-service.config';
import { HealthModule } from '../health/health.module';
import type { ReadinessIndicator } from '../health/readiness-checks';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';

export interface PlatformModuleOptions {
  service: string;
  config: BaseServiceConfig;
  /** Readiness checks: the database ping and the Kafka probe. */
  readiness?: readonly ReadinessIndicator[];
  readinessTimeoutMs?: number;
}

/**
 * Logging, auth, metrics and health in one import, configured from the service's validated
 * configuration. The same modules can be imported one by one instead.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      imports: [
        LoggingModule.forRoot({ service: options.service, level: config.LOG_LEVEL }),
        AuthModule.forRoot(authOptionsOf(config)),
        MetricsModule.forRoot({ service: options.service }),
        HealthModule.forRoot({
          indicators: options.readiness ?? [],
          ...(options.readinessTimeoutMs !== undefined
            ? { timeoutMs: options.readinessTimeoutMs }
            : {}),
        }),
      ],
      exports: [LoggingModule, AuthModule, MetricsModule, HealthModule],
    };
  }
}
