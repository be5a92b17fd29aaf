import 'reflect-metadata';
import { loadConfig, runServiceProcesses, startService } from '@redress/platform';
import { FollowUpConfig } from './followup.config';
import { FollowUpModule } from './followup.module';
import { migrate } from './persistence/data-source';

async function main(): Promise<void> {
  const config = loadConfig(FollowUpConfig);
  await runServiceProcesses({
    service: 'followup',
    workers: config.SERVICE_WORKERS,
    logLevel: config.LOG_LEVEL,
    prepare: () => migrate(config.DATABASE_URL),
    start: () =>
      startService(FollowUpModule.forRoot({ config }), {
        service: 'followup',
        title: 'Redress follow-up API',
        description:
          'Satisfaction callbacks and surveys, second handling, closure and archive, corrective and preventive actions, goodwill, the case library.',
        port: config.PORT,
        bodyLimit: config.HTTP_BODY_LIMIT,
        trustProxy: config.HTTP_TRUST_PROXY,
      }),
  });
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; nothing else is printed that could hold a secret.
  process.stderr.write(
    `follow-up failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
