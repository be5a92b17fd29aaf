import 'reflect-metadata';
import { loadConfig, runServiceProcesses, startService } from '@redress/platform';
import { TriageConfig } from './triage.config';
import { TriageModule } from './triage.module';
import { migrate } from './persistence/data-source';

async function main(): Promise<void> {
  const config = loadConfig(TriageConfig);
  await runServiceProcesses({
    service: 'triage',
    workers: config.SERVICE_WORKERS,
    logLevel: config.LOG_LEVEL,
    prepare: () => migrate(config.DATABASE_URL),
    start: () =>
      startService(TriageModule.forRoot({ config }), {
        service: 'triage',
        title: 'Redress triage API',
        description:
          'Grading, classification, routing and deadlines of every complaint; the triage policy.',
        port: config.PORT,
        bodyLimit: config.HTTP_BODY_LIMIT,
        trustProxy: config.HTTP_TRUST_PROXY,
      }),
  });
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; nothing else is printed that could hold a secret.
  process.stderr.write(
    `triage failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
