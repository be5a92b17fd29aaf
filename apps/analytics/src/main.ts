import 'reflect-metadata';
import { loadConfig, runServiceProcesses, startService } from '@redress/platform';
import { AnalyticsConfig } from './analytics.config';
import { AnalyticsModule } from './analytics.module';
import { migrate } from './persistence/data-source';

async function main(): Promise<void> {
  const config = loadConfig(AnalyticsConfig);
  await runServiceProcesses({
    service: 'analytics',
    workers: config.SERVICE_WORKERS,
    logLevel: config.LOG_LEVEL,
    prepare: () => migrate(config.DATABASE_URL),
    start: () =>
      startService(AnalyticsModule.forRoot({ config }), {
        service: 'analytics',
        title: 'Redress analytics API',
        description:
          'The projection BI reads (analytics_bi views), the overview, every complaint’s timeline across services, the monthly report.',
        port: config.PORT,
        bodyLimit: config.HTTP_BODY_LIMIT,
        trustProxy: config.HTTP_TRUST_PROXY,
      }),
  });
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; nothing else is printed that could hold a secret.
  process.stderr.write(
    `analytics failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
